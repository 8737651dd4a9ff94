import { Form } from "@remix-run/react";
import { QUESTION_KIND_LABELS, QUESTION_KINDS } from "#db/vocabulary";
import { Field, SelectField, SubmitButton, TextAreaField } from "~/ui/forms";
import type { QuestionFormValues } from "~/utils/question-form";

const KIND_OPTIONS = QUESTION_KINDS.map((kind) => ({ value: kind, label: QUESTION_KIND_LABELS[kind] }));

/** The editor for one question: kind, text, answers with correct flags and feedback. */
export function QuestionForm({
  values,
  errors,
  submitLabel,
  intent,
  revision,
}: {
  values: QuestionFormValues;
  errors: Record<string, string>;
  submitLabel: string;
  intent?: string;
  revision?: number;
}) {
  const rows = [...values.choices];
  while (rows.length < Math.max(4, values.choices.length + 1) && rows.length < 8)
    rows.push({ text: "", feedback: "", isCorrect: false });
  return (
    <Form method="post" className="stack" noValidate>
      {revision ? <input type="hidden" name="revision" value={revision} /> : null}
      <div className="form-grid">
        <SelectField
          name="kind"
          id="q-kind"
          label="Kind"
          options={KIND_OPTIONS}
          defaultValue={values.kind || "single"}
          error={errors.kind}
        />
        <Field
          name="title"
          id="q-title"
          label="Short title (optional)"
          defaultValue={values.title}
          error={errors.title}
        />
        <TextAreaField
          name="prompt"
          id="q-prompt"
          label="Question (Markdown)"
          rows={3}
          defaultValue={values.prompt}
          error={errors.prompt}
          className="field-wide"
        />
      </div>
      <fieldset className="choice-editor" aria-describedby={errors.choices ? "q-choices-error" : undefined}>
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
        {errors.choices ? (
          <p className="field-error" id="q-choices-error">
            {errors.choices}
          </p>
        ) : null}
        <p className="muted small">For true/false, use two answers: True and False.</p>
      </fieldset>
      <TextAreaField
        name="explanation"
        id="q-explanation"
        label="Explanation (shown on the result page)"
        rows={2}
        defaultValue={values.explanation}
        error={errors.explanation}
      />
      <div>
        <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
