import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { IntentSchema } from "~/schemas/author.modules.$moduleId.questions.server";
import { requireAuthor } from "~/auth/auth.server";
import { GIFT_MAX_BYTES } from "~/domain/publishing";
import {
  addQuestions,
  deleteQuestion,
  draftCompetencySlugs,
  moveQuestion,
  questionContext,
} from "~/models/draft-questions.server";
import { getEditor } from "~/models/drafts.server";
import { loadBank } from "~/models/question-bank.server";
import { DraftQuestions, GiftImport, QuestionList } from "~/ui/authoring/question-sections";
import { Notice, ResultNotice } from "~/ui/forms";
import { QuestionForm } from "~/ui/question-form";
import { db } from "~/utils/db.server";
import { formFailure, formSuccess, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { parseGift } from "~/utils/gift.server";
import { idParam } from "~/utils/params";
import { parseQuestion, readQuestionForm, type QuestionFormValues } from "~/utils/question-form.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const editor = getEditor(db(), moduleId);
  if (!editor) throw new Response("No such module", { status: 404 });
  // Without a draft, the published version's questions are shown read-only.
  const versionId = editor.draft?.id ?? editor.module.publishedVersionId;
  const context = versionId ? questionContext(db(), versionId) : null;
  return json({
    moduleId,
    title: editor.draft?.title ?? editor.versions[0]?.title ?? editor.module.slug,
    hasDraft: editor.draft !== null,
    passMark: editor.draft?.passMarkPercent ?? 80,
    formSize: editor.draft?.formSize ?? null,
    context: {
      lessons: context?.lessons ?? [],
      categories: context?.categories ?? [],
      competencies: context?.competencies ?? [],
    },
    questions: (editor.draft ? editor.questions : versionId ? loadBank(db(), versionId) : []).map((q) => ({
      id: q.id,
      kind: q.kind,
      title: q.title,
      prompt: q.promptMarkdown,
      category: context?.labelOf(q.category) ?? q.category,
      choices: q.choices.map((c) => ({ text: c.text, isCorrect: c.isCorrect, matchText: c.matchText })),
    })),
  });
}

/** The GIFT to import: an uploaded file wins over pasted text. */
async function giftSource(form: FormData): Promise<{ gift: string } | { tooLarge: string }> {
  const file = form.get("giftFile");
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > GIFT_MAX_BYTES)
      return { tooLarge: `The file is larger than ${GIFT_MAX_BYTES / 1024} KB.` };
    return { gift: await file.text() };
  }
  return { gift: String(form.get("gift") ?? "") };
}

function previewOf(questions: ReturnType<typeof parseGift>["questions"]) {
  return questions.map((q) => ({
    kind: q.kind,
    title: q.title,
    prompt: q.prompt,
    category: q.category,
    choices: q.choices.map((c) => ({ text: c.text, isCorrect: c.isCorrect, matchText: c.matchText })),
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const form = await readForm(request);
  const parsed = IntentSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return zodFailure(parsed.error, {});
  const input = parsed.data;
  const now = new Date();
  switch (input.intent) {
    case "add": {
      const question = readQuestionForm(form);
      const checked = parseQuestion(question);
      if (!checked.ok) return formFailure({ intent: input.intent, fieldErrors: checked.errors, question });
      try {
        addQuestions(db(), moduleId, [checked.question], now);
      } catch (error) {
        return refusalFailure(error, { intent: input.intent, question });
      }
      return formSuccess("Question added.", { intent: input.intent });
    }
    case "import-preview":
    case "import": {
      const source = await giftSource(form);
      if ("tooLarge" in source)
        return formFailure(
          { intent: "import", gift: "", problems: [{ line: 1, message: source.tooLarge }], preview: [] },
          413,
        );
      const { gift } = source;
      const { questions, problems } = parseGift(gift, draftCompetencySlugs(db(), moduleId));
      const preview = previewOf(questions);
      if (gift.trim() === "")
        return formFailure({
          intent: "import",
          gift,
          problems: [{ line: 1, message: "Paste GIFT text or choose a .gift file." }],
          preview,
        });
      if (problems.length > 0) return formFailure({ intent: "import", gift, problems, preview });
      if (input.intent === "import-preview")
        return formSuccess(`${preview.length} questions read: check them, then add them.`, {
          intent: "import",
          gift,
          problems,
          preview,
          added: 0,
        });
      try {
        addQuestions(db(), moduleId, questions, now);
      } catch (error) {
        // Over the per-module limit: say so and keep the pasted text.
        return refusalFailure(error, {
          intent: "import",
          gift,
          problems: [{ line: 1, message: error instanceof Error ? error.message : "Not imported." }],
          preview,
        });
      }
      return formSuccess(`Imported ${questions.length} question${questions.length === 1 ? "" : "s"}.`, {
        intent: "import",
        gift: "",
        problems: [],
        preview: [],
        added: questions.length,
      });
    }
    case "move":
      moveQuestion(db(), moduleId, input.questionId, input.direction, now);
      return formSuccess("Question moved.", { intent: input.intent });
    case "delete":
      deleteQuestion(db(), moduleId, input.questionId, now);
      return formSuccess("Question deleted.", { intent: input.intent });
  }
}

const EMPTY_QUESTION: QuestionFormValues = {
  kind: "single",
  title: "",
  prompt: "",
  explanation: "",
  category: "",
  competency: "",
  choices: [],
};

export default function QuestionsEditor() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const importResult = result && "gift" in result ? result : undefined;
  const addResult = result?.intent === "add" && !result.ok && "question" in result ? result : undefined;

  if (!data.hasDraft) {
    return (
      <div className="stack-lg">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link to={`/author/modules/${data.moduleId}`}>{data.title}</Link>
        </nav>
        <header className="page-header">
          <p className="eyebrow">Assessment · published version</p>
          <h1>Questions</h1>
        </header>
        <Notice tone="info">
          This is what learners get now. <Link to={`/author/modules/${data.moduleId}`}>Open a draft</Link> to
          change it; learners keep this version until you publish.
        </Notice>
        <QuestionList questions={data.questions} className="preview-list card" />
      </div>
    );
  }

  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/author">Authoring</Link> <span aria-hidden="true">/</span>{" "}
        <Link to={`/author/modules/${data.moduleId}`}>{data.title}</Link>
      </nav>
      <header className="page-header">
        <p className="eyebrow">
          Assessment · draft · pass mark {data.passMark}% · {data.formSize} questions per attempt
        </p>
        <h1>Question bank</h1>
        <p className="lead">
          Each attempt draws its own form from this bank, balanced over categories, in its own order; the page
          names no answer, and correct answers never leave the server before a pass.
        </p>
      </header>
      {result?.ok && result.intent !== "import" ? <ResultNotice result={result} /> : null}
      {importResult?.ok && importResult.added > 0 ? <ResultNotice result={importResult} /> : null}

      <DraftQuestions questions={data.questions} />
      <GiftImport
        gift={importResult?.gift ?? ""}
        problems={importResult?.problems ?? []}
        preview={importResult?.preview ?? []}
        cleared={Boolean(importResult?.ok && importResult.added > 0)}
      />
      <section className="card stack" aria-labelledby="add-title">
        <h2 id="add-title" className="h3">
          Write a question
        </h2>
        {addResult?.message ? <ResultNotice result={addResult} /> : null}
        <QuestionForm
          key={`new-${data.questions.length}`}
          values={addResult?.question ?? EMPTY_QUESTION}
          errors={addResult?.fieldErrors ?? {}}
          submitLabel="Add the question"
          intent="add"
          context={data.context}
        />
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Assessment questions · Partner Academy" }];
