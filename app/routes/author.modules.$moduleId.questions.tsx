import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { requireAuthor } from "~/auth/auth.server";
import {
  addQuestions,
  deleteQuestion,
  getEditor,
  moveQuestion,
  versionQuestions,
} from "~/models/authoring.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { GIFT_MAX_BYTES } from "~/domain/publishing";
import { parseGift } from "~/utils/gift.server";
import { idParam } from "~/utils/params";
import { parseQuestion, readQuestionForm, type QuestionFormValues } from "~/utils/question-form";
import { QuestionForm } from "~/ui/question-form";
import { Badge } from "~/ui/status";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const editor = getEditor(db(), moduleId);
  if (!editor) throw new Response("No such module", { status: 404 });
  return json({
    moduleId,
    title: editor.draft?.title ?? editor.versions[0]?.title ?? editor.module.slug,
    hasDraft: editor.draft !== null,
    passMark: editor.draft?.passMarkPercent ?? 80,
    // Without a draft, the published version's questions are shown read-only.
    questions: (editor.draft
      ? editor.questions
      : editor.module.publishedVersionId
        ? versionQuestions(db(), editor.module.publishedVersionId)
        : []
    ).map((q) => ({
      id: q.id,
      kind: q.kind,
      title: q.title,
      prompt: q.promptMarkdown,
      choices: q.choices.map((c) => ({ text: c.text, isCorrect: c.isCorrect })),
    })),
  });
}

const KIND_LABEL = {
  single: "Single answer",
  multiple: "Multiple answers",
  truefalse: "True / false",
} as const;

const MoveSchema = z.object({
  questionId: z.coerce.number().int().min(1),
  direction: z.enum(["up", "down"]),
});
const DeleteSchema = z.object({ questionId: z.coerce.number().int().min(1) });

async function giftSource(form: FormData): Promise<string> {
  const file = form.get("giftFile");
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > GIFT_MAX_BYTES)
      throw new Response(`The file is larger than ${GIFT_MAX_BYTES / 1024} KB.`, { status: 413 });
    return await file.text();
  }
  return String(form.get("gift") ?? "");
}

type ActionData =
  | { intent: "add"; errors: Record<string, string>; values: QuestionFormValues | null; added: number }
  | {
      intent: "import-preview" | "import";
      gift: string;
      problems: { line: number; message: string }[];
      preview: {
        kind: keyof typeof KIND_LABEL;
        title: string | null;
        prompt: string;
        choices: { text: string; isCorrect: boolean }[];
      }[];
      added?: number;
    }
  | { intent: "move" | "delete"; message?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const now = new Date();
  if (intent === "add") {
    const values = readQuestionForm(form);
    const parsed = parseQuestion(values);
    if (!parsed.ok)
      return json<ActionData>({ intent, errors: parsed.errors, values, added: 0 }, { status: 400 });
    addQuestions(db(), moduleId, [parsed.question], now);
    return json<ActionData>({ intent, errors: {}, values: null, added: 1 });
  }
  if (intent === "import-preview" || intent === "import") {
    let gift: string;
    try {
      gift = await giftSource(form);
    } catch (error) {
      if (error instanceof Response)
        return json<ActionData>(
          {
            intent: "import-preview",
            gift: "",
            problems: [{ line: 1, message: await error.text() }],
            preview: [],
          },
          { status: error.status },
        );
      throw error;
    }
    const { questions, problems } = parseGift(gift);
    const preview = questions.map((q) => ({
      kind: q.kind,
      title: q.title,
      prompt: q.prompt,
      choices: q.choices.map((c) => ({ text: c.text, isCorrect: c.isCorrect })),
    }));
    if (gift.trim() === "")
      return json<ActionData>(
        {
          intent,
          gift,
          problems: [{ line: 1, message: "Paste GIFT text or choose a .gift file." }],
          preview,
        },
        { status: 400 },
      );
    if (problems.length > 0 || intent === "import-preview") {
      return json<ActionData>(
        { intent: "import-preview", gift, problems, preview },
        { status: problems.length > 0 ? 400 : 200 },
      );
    }
    try {
      addQuestions(db(), moduleId, questions, now);
    } catch (error) {
      // Over the per-module limit: say so and keep the pasted text.
      if (error instanceof Response && error.status < 500)
        return json<ActionData>(
          { intent: "import-preview", gift, problems: [{ line: 1, message: await error.text() }], preview },
          { status: error.status },
        );
      throw error;
    }
    return json<ActionData>({ intent, gift: "", problems: [], preview: [], added: questions.length });
  }
  if (intent === "move") {
    const parsed = MoveSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return json<ActionData>({ intent, message: "Unknown question." }, { status: 400 });
    moveQuestion(db(), moduleId, parsed.data.questionId, parsed.data.direction, now);
    return json<ActionData>({ intent });
  }
  if (intent === "delete") {
    const parsed = DeleteSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return json<ActionData>({ intent, message: "Unknown question." }, { status: 400 });
    deleteQuestion(db(), moduleId, parsed.data.questionId, now);
    return json<ActionData>({ intent, message: "Question deleted." });
  }
  return json({ intent: "move" as const, message: "Unknown action." }, { status: 400 });
}

export default function QuestionsEditor() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [fileError, setFileError] = useState<string | null>(null);
  const importData =
    actionData && (actionData.intent === "import-preview" || actionData.intent === "import")
      ? actionData
      : null;
  const addData = actionData?.intent === "add" ? actionData : null;
  const empty: QuestionFormValues = { kind: "single", title: "", prompt: "", explanation: "", choices: [] };

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
        <p className="notice notice-info">
          This is what learners get now. <Link to={`/author/modules/${data.moduleId}`}>Open a draft</Link> to
          change it; learners keep this version until you publish.
        </p>
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
        <p className="eyebrow">Assessment · draft · pass mark {data.passMark}%</p>
        <h1>Questions</h1>
        <p className="lead">
          Learners see questions and answers shuffled; correct answers never leave the server before they
          submit.
        </p>
      </header>
      {importData?.added ? (
        <p className="notice notice-success" role="status">
          Imported {importData.added} question{importData.added === 1 ? "" : "s"}.
        </p>
      ) : null}
      {addData?.added ? (
        <p className="notice notice-success" role="status">
          Question added.
        </p>
      ) : null}
      {actionData && "message" in actionData && actionData.message ? (
        <p className="notice notice-success" role="status">
          {actionData.message}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="list-title">
        <h2 id="list-title" className="h3">
          {data.questions.length} question{data.questions.length === 1 ? "" : "s"}
        </h2>
        {data.questions.length === 0 ? (
          <p className="empty">No questions yet: write one below or import a GIFT file.</p>
        ) : null}
        <ol className="editor-list">
          {data.questions.map((q, i) => (
            <li key={q.id}>
              <span className="editor-list-title">
                <Link to={`${q.id}`}>{q.title ?? q.prompt.slice(0, 90)}</Link>
                <span className="muted small block">
                  {KIND_LABEL[q.kind]} · {q.choices.length} answers ·{" "}
                  {q.choices.filter((c) => c.isCorrect).length} correct
                </span>
              </span>
              <Form method="post" className="button-row" preventScrollReset>
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="questionId" value={q.id} />
                <button
                  type="submit"
                  name="direction"
                  value="up"
                  className="button button-quiet"
                  disabled={i === 0 || busy}
                  aria-label={`Move question ${i + 1} up`}
                >
                  ↑
                </button>
                <button
                  type="submit"
                  name="direction"
                  value="down"
                  className="button button-quiet"
                  disabled={i === data.questions.length - 1 || busy}
                  aria-label={`Move question ${i + 1} down`}
                >
                  ↓
                </button>
              </Form>
              <Form
                method="post"
                preventScrollReset
                onSubmit={(e) => {
                  if (!window.confirm(`Delete question ${i + 1}?`)) e.preventDefault();
                }}
              >
                <input type="hidden" name="questionId" value={q.id} />
                <button
                  type="submit"
                  name="intent"
                  value="delete"
                  className="button button-quiet button-danger"
                  aria-label={`Delete question ${i + 1}`}
                >
                  Delete
                </button>
              </Form>
            </li>
          ))}
        </ol>
      </section>

      <section className="card stack" aria-labelledby="import-title">
        <h2 id="import-title" className="h3">
          Import from Moodle GIFT
        </h2>
        <p className="muted small">
          Paste GIFT text or choose a .gift file. You see the questions before anything is added.
        </p>
        <Form
          method="post"
          encType="multipart/form-data"
          className="stack"
          onSubmit={(e) => {
            const input = e.currentTarget.elements.namedItem("giftFile");
            const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
            if (file && file.size > GIFT_MAX_BYTES) {
              e.preventDefault();
              setFileError(
                `That file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${GIFT_MAX_BYTES / 1024} KB (about 500 questions). Split it.`,
              );
            }
          }}
        >
          <div className="field">
            <label htmlFor="gift">GIFT text</label>
            <textarea
              id="gift"
              name="gift"
              rows={8}
              className="markdown-input"
              defaultValue={importData?.gift ?? ""}
              key={importData?.added ? "cleared" : "typed"}
            />
          </div>
          <div className="field">
            <label htmlFor="giftFile">…or a .gift file</label>
            <input
              id="giftFile"
              name="giftFile"
              type="file"
              accept=".gift,.txt,text/plain"
              onChange={() => setFileError(null)}
            />
            {fileError ? <p className="field-error">{fileError}</p> : null}
          </div>
          {importData && importData.problems.length > 0 ? (
            <div className="notice notice-error" role="alert">
              <p>The GIFT text has problems; nothing was imported:</p>
              <ul>
                {importData.problems.map((p, i) => (
                  <li key={i}>
                    Line {p.line}: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {importData &&
          importData.intent === "import-preview" &&
          importData.problems.length === 0 &&
          importData.preview.length > 0 ? (
            <div className="stack">
              <h3 className="h4">Preview: {importData.preview.length} questions</h3>
              <QuestionList questions={importData.preview} className="preview-list" />
              <button
                type="submit"
                name="intent"
                value="import"
                className="button button-primary"
                disabled={busy}
              >
                Add these {importData.preview.length} questions
              </button>
            </div>
          ) : null}
          <div>
            <button type="submit" name="intent" value="import-preview" className="button" disabled={busy}>
              Preview the import
            </button>
          </div>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="add-title">
        <h2 id="add-title" className="h3">
          Write a question
        </h2>
        <QuestionForm
          key={`new-${data.questions.length}`}
          values={addData?.values ?? empty}
          errors={addData?.errors ?? {}}
          submitLabel="Add the question"
          intent="add"
          busy={busy}
        />
      </section>
    </div>
  );
}

/** Questions with their answers, the correct ones ticked: the published set or an import preview. */
function QuestionList({
  questions,
  className,
}: {
  questions: {
    title: string | null;
    prompt: string;
    kind: keyof typeof KIND_LABEL;
    choices: { text: string; isCorrect: boolean }[];
  }[];
  className: string;
}) {
  return (
    <ol className={className}>
      {questions.map((q, i) => (
        <li key={i}>
          <strong>{q.title ?? q.prompt.slice(0, 90)}</strong>{" "}
          <Badge tone="neutral">{KIND_LABEL[q.kind]}</Badge>
          <ul>
            {q.choices.map((c, j) => (
              <li key={j} className={c.isCorrect ? "correct-choice" : undefined}>
                {c.isCorrect ? "✓ " : ""}
                {c.text}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

export const meta: MetaFunction = () => [{ title: "Assessment questions · Partner Academy" }];
