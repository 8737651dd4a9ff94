import { Form } from "@remix-run/react";
import type { QuestionFormValues } from "~/utils/question-form";

const KINDS = [
  { value: "single", label: "Single answer" },
  { value: "multiple", label: "Multiple answers" },
  { value: "truefalse", label: "True / false" },
];

/** The editor for one question: kind, text, answers with correct flags and feedback. */
export function QuestionForm({
  values,
  errors,
  submitLabel,
  intent,
  revision,
  busy,
}: {
  values: QuestionFormValues;
  errors: Record<string, string>;
  submitLabel: string;
  intent?: string;
  revision?: number;
  busy: boolean;
}) {
  const rows = [...values.choices];
  while (rows.length < Math.max(4, values.choices.length + 1) && rows.length < 8)
    rows.push({ text: "", feedback: "", isCorrect: false });
  const error = (key: string) =>
    errors[key] ? (
      <p className="field-error" id={`q-${key}-error`}>
        {errors[key]}
      </p>
    ) : null;
  return (
    <Form method="post" className="stack" noValidate>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {revision ? <input type="hidden" name="revision" value={revision} /> : null}
      {errors.form ? (
        <p className="notice notice-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="q-kind">Kind</label>
          <select id="q-kind" name="kind" defaultValue={values.kind || "single"}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
          {error("kind")}
        </div>
        <div className="field">
          <label htmlFor="q-title">Short title (optional)</label>
          <input id="q-title" name="title" type="text" defaultValue={values.title} />
          {error("title")}
        </div>
        <div className="field field-wide">
          <label htmlFor="q-prompt">Question (Markdown)</label>
          <textarea
            id="q-prompt"
            name="prompt"
            rows={3}
            defaultValue={values.prompt}
            aria-invalid={errors.prompt ? true : undefined}
            aria-describedby={errors.prompt ? "q-prompt-error" : undefined}
          />
          {error("prompt")}
        </div>
      </div>
      <fieldset className="choice-editor">
        <legend>Answers — tick the correct one(s); feedback is shown after submission</legend>
        {rows.map((row, i) => (
          <div key={i} className="choice-row">
            <label className="checkbox">
              <input type="checkbox" name="choiceCorrect" value={i} defaultChecked={row.isCorrect} />{" "}
              <span className="visually-hidden">Answer {i + 1} is</span> correct
            </label>
            <input
              type="text"
              name="choiceText"
              aria-label={`Answer ${i + 1}`}
              placeholder={`Answer ${i + 1}`}
              defaultValue={row.text}
            />
            <input
              type="text"
              name="choiceFeedback"
              aria-label={`Feedback for answer ${i + 1}`}
              placeholder="Feedback (why it is right or wrong)"
              defaultValue={row.feedback}
            />
          </div>
        ))}
        {error("choices")}
        <p className="muted small">For true/false, use two answers: True and False.</p>
      </fieldset>
      <div className="field">
        <label htmlFor="q-explanation">Explanation (shown on the result page)</label>
        <textarea id="q-explanation" name="explanation" rows={2} defaultValue={values.explanation} />
        {error("explanation")}
      </div>
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
