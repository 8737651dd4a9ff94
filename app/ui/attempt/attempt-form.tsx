/**
 * The assessment page: the attempt's own questions in its own order. Every answer is a
 * place on this page (`q3` = 2 means "the second choice shown for the third question"), so
 * nothing here names a question or a choice. Answers are saved as the learner goes; a timed
 * attempt shows its time left and submits itself at the end.
 */
import { Form, Link, useFetcher, useNavigation, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { QuestionKind } from "#db/vocabulary";
import { Notice } from "~/ui/forms";
import { formatDateTime } from "~/ui/format";
import { Countdown } from "./countdown";

export interface AttemptFormData {
  attempt: { deadlineAt: string | null; timeUp: boolean };
  serverNow: string;
  module: { slug: string };
  version: { title: string; passMarkPercent: number; timeLimitMinutes: number | null };
  questions: {
    position: number;
    kind: QuestionKind;
    promptHtml: string;
    choices: string[];
    options: string[];
    saved: Record<string, string[]>;
  }[];
}

const KIND_HINT: Partial<Record<QuestionKind, string>> = {
  multiple: "choose all that apply",
  numerical: "type a number",
  short: "type your answer",
  matching: "match each item",
};

function QuestionFields({ q, missing }: { q: AttemptFormData["questions"][number]; missing: boolean }) {
  const name = `q${q.position}`;
  const saved = new Set(q.saved[name] ?? []);
  if (q.kind === "numerical" || q.kind === "short") {
    return (
      <div className="field typed-answer">
        <label htmlFor={name}>Your answer</label>
        <input
          id={name}
          name={name}
          type="text"
          inputMode={q.kind === "numerical" ? "decimal" : "text"}
          autoComplete="off"
          maxLength={200}
          defaultValue={q.saved[name]?.[0] ?? ""}
          aria-invalid={missing ? true : undefined}
          aria-describedby={q.kind === "numerical" ? `${name}-hint` : undefined}
        />
        {q.kind === "numerical" ? (
          <p className="muted small" id={`${name}-hint`}>
            Digits, with or without thousands separators (27,000 or 27 000), a decimal point, or a percentage
            (15%).
          </p>
        ) : null}
      </div>
    );
  }
  if (q.kind === "matching") {
    return (
      <div className="matching">
        {q.choices.map((item, i) => {
          const field = `${name}-${i + 1}`;
          return (
            <div key={field} className="matching-row">
              <label htmlFor={field}>{item}</label>
              <select id={field} name={field} defaultValue={q.saved[field]?.[0] ?? ""}>
                <option value="">Choose…</option>
                {q.options.map((option, j) => (
                  <option key={j} value={j + 1}>
                    {option}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
    );
  }
  return (
    <div className="choices">
      {q.choices.map((text, i) => (
        <label key={i} className="choice">
          <input
            type={q.kind === "multiple" ? "checkbox" : "radio"}
            name={name}
            value={i + 1}
            defaultChecked={saved.has(String(i + 1))}
          />
          <span>{text}</span>
        </label>
      ))}
    </div>
  );
}

export function AttemptForm({
  form,
  result,
}: {
  form: AttemptFormData;
  result: { message?: string; unanswered?: number[] } | undefined;
}) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const saver = useFetcher<{ ok: boolean; message?: string; savedAt?: string }>();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const pending = useRef<number | undefined>(undefined);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const unanswered = new Set(result?.unanswered ?? []);
  const count = form.questions.length;

  useEffect(() => {
    if (saver.data?.ok && saver.data.savedAt) setSavedAt(saver.data.savedAt);
  }, [saver.data]);

  const save = () => {
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(() => {
      if (!formRef.current) return;
      const data = new FormData(formRef.current);
      data.set("intent", "save");
      saver.submit(data, { method: "post" });
    }, 600);
  };

  const timeUp = useCallback(() => {
    if (!formRef.current) return;
    const data = new FormData(formRef.current);
    data.set("intent", "submit");
    data.set("confirmIncomplete", "1");
    submit(data, { method: "post", replace: true });
  }, [submit]);

  if (form.attempt.timeUp) {
    return (
      <Notice tone="warning">
        <p>
          <strong>Time is up.</strong> This attempt ended at{" "}
          {form.attempt.deadlineAt ? formatDateTime(form.attempt.deadlineAt) : "its deadline"}. It is graded
          on the answers saved before then.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="close" />
          <button type="submit" className="button button-primary" disabled={busy}>
            See your result
          </button>
        </Form>
      </Notice>
    );
  }

  return (
    <>
      {form.attempt.deadlineAt ? (
        <div className="timer-bar" aria-label="Time limit">
          <Countdown deadline={form.attempt.deadlineAt} serverNow={form.serverNow} onTimeUp={timeUp} />
          <p className="small">
            {form.version.timeLimitMinutes} minutes from the start, counted by the server. At the end your
            answers are submitted automatically; if your connection drops, the answers saved before the end
            are graded.
          </p>
        </div>
      ) : null}
      {result?.message ? <Notice tone="error">{result.message}</Notice> : null}
      <Form method="post" className="stack-lg" replace ref={formRef} onChange={save}>
        <ol className="question-list">
          {form.questions.map((q) => (
            <li
              key={q.position}
              className={`card question${unanswered.has(q.position) ? " question-missing" : ""}`}
            >
              <fieldset>
                <legend>
                  <span className="eyebrow">
                    Question {q.position} of {count}
                    {KIND_HINT[q.kind] ? ` · ${KIND_HINT[q.kind]}` : ""}
                    {unanswered.has(q.position) ? " · not answered" : ""}
                  </span>
                  <span
                    className="prose question-prompt"
                    dangerouslySetInnerHTML={{ __html: q.promptHtml }}
                  />
                </legend>
                <QuestionFields q={q} missing={unanswered.has(q.position)} />
              </fieldset>
            </li>
          ))}
        </ol>
        <div className="reader-footer">
          <Link to={`/learn/modules/${form.module.slug}`} className="button">
            Back to the module
          </Link>
          <span className="muted small" aria-live="polite">
            {saver.state !== "idle"
              ? "Saving…"
              : saver.data && !saver.data.ok
                ? saver.data.message
                : savedAt
                  ? `Answers saved at ${new Date(savedAt).toLocaleTimeString("en-GB")}`
                  : "Your answers are saved as you go."}
          </span>
          <div className="button-row">
            {unanswered.size > 0 ? (
              <button
                type="submit"
                name="confirmIncomplete"
                value="1"
                className="button"
                disabled={busy}
                onClick={() => window.clearTimeout(pending.current)}
              >
                Submit anyway
              </button>
            ) : null}
            <button
              type="submit"
              name="intent"
              value="submit"
              className="button button-primary"
              disabled={busy}
              onClick={() => window.clearTimeout(pending.current)}
            >
              {busy ? "Submitting…" : "Submit answers"}
            </button>
          </div>
        </div>
      </Form>
    </>
  );
}
