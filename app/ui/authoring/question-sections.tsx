/**
 * Sections of the draft assessment page (`author.modules.$moduleId.questions`): the list
 * of questions with move/delete, a read-only list (published set, import preview) and the
 * GIFT import form.
 */
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { QUESTION_KIND_LABELS, type QuestionKind } from "#db/vocabulary";
import { GIFT_MAX_BYTES } from "~/domain/publishing";
import { Field, Notice, SubmitButton, TextAreaField } from "~/ui/forms";
import { ReorderButtons } from "~/ui/reorder-buttons";
import { Badge } from "~/ui/status";

export interface QuestionSummary {
  title: string | null;
  prompt: string;
  kind: QuestionKind;
  /** The lesson its category names, else the category; null = none. */
  category: string | null;
  choices: { text: string; isCorrect: boolean; matchText: string | null }[];
}

/** One line on what a question accepts, by kind. */
function answerSummary(q: QuestionSummary): string {
  const correct = q.choices.filter((c) => c.isCorrect);
  switch (q.kind) {
    case "numerical":
      return `accepts ${correct.map((c) => c.text).join(" or ")}`;
    case "short":
      return `accepts “${correct.map((c) => c.text).join("”, “")}”`;
    case "matching":
      return `${correct.length} items to match`;
    default:
      return `${q.choices.length} answers · ${correct.length} correct`;
  }
}

/** An answer as the key lists it: matching pairs as a → b. */
function keyText(kind: QuestionKind, c: QuestionSummary["choices"][number]): string {
  if (kind === "matching") return `${c.text || "(distractor)"} → ${c.matchText ?? ""}`;
  return c.text;
}

/** Questions with their answers, the correct ones ticked: the published set or an import preview. */
export function QuestionList({
  questions,
  className,
}: {
  questions: readonly QuestionSummary[];
  className: string;
}) {
  return (
    <ol className={className}>
      {questions.map((q, i) => (
        <li key={i}>
          <strong>{q.title ?? q.prompt.slice(0, 90)}</strong>{" "}
          <Badge tone="neutral">{QUESTION_KIND_LABELS[q.kind]}</Badge>
          {q.category ? <span className="muted small"> · {q.category}</span> : null}
          <ul>
            {q.choices.map((c, j) => (
              <li key={j} className={c.isCorrect ? "correct-choice" : undefined}>
                {c.isCorrect ? "✓ " : ""}
                {keyText(q.kind, c)}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** The draft's questions, each with move up/down and delete. */
export function DraftQuestions({ questions }: { questions: readonly (QuestionSummary & { id: number })[] }) {
  return (
    <section className="card stack" aria-labelledby="list-title">
      <h2 id="list-title" className="h3">
        {questions.length} question{questions.length === 1 ? "" : "s"}
      </h2>
      {questions.length === 0 ? (
        <p className="empty">No questions yet: write one below or import a GIFT file.</p>
      ) : null}
      <ol className="editor-list">
        {questions.map((q, i) => (
          <li key={q.id}>
            <span className="editor-list-title">
              <Link to={`${q.id}`}>{q.title ?? q.prompt.slice(0, 90)}</Link>
              <span className="muted small block">
                {QUESTION_KIND_LABELS[q.kind]} · {answerSummary(q)}
                {q.category ? ` · ${q.category}` : ""}
              </span>
            </span>
            <ReorderButtons
              intent="move"
              idName="questionId"
              id={q.id}
              label={`question ${i + 1}`}
              index={i}
              count={questions.length}
            />
            <Form
              method="post"
              preventScrollReset
              onSubmit={(e) => {
                if (!window.confirm(`Delete question ${i + 1}?`)) e.preventDefault();
              }}
            >
              <input type="hidden" name="questionId" value={q.id} />
              <SubmitButton
                intent="delete"
                className="button button-quiet button-danger"
                aria-label={`Delete question ${i + 1}`}
              >
                Delete
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Paste or upload GIFT, see the questions (or the problems, by line), then add them. */
export function GiftImport({
  gift,
  problems,
  preview,
  cleared,
}: {
  gift: string;
  problems: readonly { line: number; message: string }[];
  preview: readonly QuestionSummary[];
  /** True after a successful import: the text area starts empty again. */
  cleared: boolean;
}) {
  const [fileError, setFileError] = useState<string | null>(null);
  return (
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
        <TextAreaField
          name="gift"
          label="GIFT text"
          rows={8}
          className="field-markdown"
          defaultValue={gift}
          key={cleared ? "cleared" : "typed"}
        />
        <Field
          name="giftFile"
          label="…or a .gift file"
          type="file"
          accept=".gift,.txt,text/plain"
          onChange={() => setFileError(null)}
          error={fileError ?? undefined}
        />
        {problems.length > 0 ? (
          <Notice tone="error">
            <p>The GIFT text has problems; nothing was imported:</p>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  Line {p.line}: {p.message}
                </li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {problems.length === 0 && preview.length > 0 ? (
          <div className="stack">
            <h3 className="h4">Preview: {preview.length} questions</h3>
            <QuestionList questions={preview} className="preview-list" />
            <SubmitButton intent="import">Add these {preview.length} questions</SubmitButton>
          </div>
        ) : null}
        <div>
          <SubmitButton intent="import-preview" className="button">
            Preview the import
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}
