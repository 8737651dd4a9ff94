import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireAuthor } from "~/auth/auth.server";
import { getDraftQuestion, saveQuestion, StaleEditError } from "~/models/authoring.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { idParam } from "~/utils/params";
import { parseQuestion, readQuestionForm, type QuestionFormValues } from "~/utils/question-form";
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
    choices: question.choices.map((c) => ({ text: c.text, feedback: c.feedback, isCorrect: c.isCorrect })),
  };
  return json({ moduleId, position: question.position, revision: question.revision, values });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const questionId = idParam(params, "questionId", "question");
  const form = await readForm(request);
  const values = readQuestionForm(form);
  const revision = Number(form.get("revision"));
  const parsed = parseQuestion(values);
  if (!parsed.ok) return json({ errors: parsed.errors, values }, { status: 400 });
  if (!Number.isSafeInteger(revision) || revision < 1)
    return json({ errors: { form: "Reload the page and try again." }, values }, { status: 400 });
  try {
    saveQuestion(db(), moduleId, questionId, revision, parsed.question, new Date());
  } catch (error) {
    if (error instanceof StaleEditError)
      return json({ errors: { form: error.message }, values }, { status: 409 });
    throw error;
  }
  return redirect(`/author/modules/${moduleId}/questions`);
}

export default function EditQuestion() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/author/modules/${data.moduleId}/questions`}>Questions</Link>
      </nav>
      <header className="page-header">
        <h1>Question {data.position}</h1>
      </header>
      <section className="card">
        <QuestionForm
          values={actionData?.values ?? data.values}
          errors={actionData?.errors ?? {}}
          submitLabel="Save the question"
          revision={data.revision}
          busy={navigation.state !== "idle"}
        />
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Edit question · Partner Academy" }];
