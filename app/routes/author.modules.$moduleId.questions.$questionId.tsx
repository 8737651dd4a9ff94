import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAuthor } from "~/auth/auth.server";
import { getDraftQuestion, questionContext, saveQuestion } from "~/models/draft-questions.server";
import { db } from "~/utils/db.server";
import { formFailure, refusalFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { idParam } from "~/utils/params";
import {
  formRows,
  parseQuestion,
  readQuestionForm,
  type QuestionFormValues,
} from "~/utils/question-form.server";
import { ResultNotice } from "~/ui/forms";
import { QuestionForm } from "~/ui/question-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const question = getDraftQuestion(db(), moduleId, idParam(params, "questionId", "question"));
  if (!question) throw new Response("No such question in this module's draft", { status: 404 });
  const values: QuestionFormValues = {
    kind: question.kind,
    title: question.title ?? "",
    prompt: question.promptMarkdown,
    explanation: question.explanation,
    category: question.category ?? "",
    competency: question.competency ?? "",
    choices: formRows(question.choices),
  };
  const { lessons, categories, competencies } = questionContext(db(), question.moduleVersionId);
  return json({
    moduleId,
    position: question.position,
    revision: question.revision,
    values,
    context: { lessons, categories, competencies },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const questionId = idParam(params, "questionId", "question");
  const form = await readForm(request);
  const values = readQuestionForm(form);
  const revision = Number(form.get("revision"));
  const parsed = parseQuestion(values);
  if (!parsed.ok) return formFailure({ fieldErrors: parsed.errors, question: values });
  if (!Number.isSafeInteger(revision) || revision < 1)
    return formFailure({ message: "Reload the page and try again.", question: values });
  try {
    saveQuestion(db(), moduleId, questionId, revision, parsed.question, new Date());
  } catch (error) {
    return refusalFailure(error, { question: values });
  }
  return redirect(`/author/modules/${moduleId}/questions`);
}

export default function EditQuestion() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/author/modules/${data.moduleId}/questions`}>Questions</Link>
      </nav>
      <header className="page-header">
        <h1>Question {data.position}</h1>
      </header>
      <section className="card">
        <ResultNotice result={result} />
        <QuestionForm
          values={result?.question ?? data.values}
          errors={result?.fieldErrors ?? {}}
          submitLabel="Save the question"
          revision={data.revision}
          context={data.context}
        />
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Edit question · Partner Academy" }];
