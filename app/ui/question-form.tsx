import { Form } from "@remix-run/react";
import { useState } from "react";
import { QUESTION_KIND_LABELS, QUESTION_KINDS, type QuestionKind } from "#db/vocabulary";
import { Field, SelectField, SubmitButton, TextAreaField } from "~/ui/forms";
import type { QuestionFormRow, QuestionFormValues } from "~/utils/question-form.server";

const KIND_OPTIONS = QUESTION_KINDS.map((kind) => ({ value: kind, label: QUESTION_KIND_LABELS[kind] }));

const KIND_HELP: Record<QuestionKind, string> = {
  single: "Tick the one correct answer.",
  multiple: "Tick every correct answer: a learner earns right ticks minus wrong ones.",
  truefalse: "Two answers, True and False; tick the right one.",
  numerical:
    "Accepted numbers: 100000 (exact), 100000:500 (± 500) or 95000..105000 (a range). Learners may type 100,000 or 100 000 or 15%. Give partial credit to a close answer, or 0% to a common mistake with its own feedback.",
  short:
    "Accepted answers, compared without regard to case or extra spaces. Give partial credit to an acceptable but less precise answer.",
  matching:
    "Each item and what it matches; learners pick from all the right-hand answers, shuffled. Leave an item empty to add a distractor. Credit is per item matched.",
};

export interface QuestionFormContext {
  /** Lessons of the draft: a question under a lesson's category points learners back to it. */
  lessons: readonly { stem: string; label: string }[];
  /** Other categories already used in the bank. */
  categories: readonly string[];
  /** Competencies the module teaches; a choice appears when there are several. */
  competencies: readonly { slug: string; name: string }[];
}

function emptyRow(): QuestionFormRow {
  return { text: "", feedback: "", isCorrect: false, weight: "", matchText: "" };
}

function AnswerRows({ kind, rows }: { kind: QuestionKind; rows: QuestionFormRow[] }) {
  const typed = kind === "numerical" || kind === "short";
  return (
    <>
      {rows.map((row, i) => (
        <div key={`${kind}-${i}`} className={`choice-row choice-row-${typed ? "typed" : kind}`}>
          {kind === "matching" ? (
            <>
              <input
                type="text"
                name="choiceText"
                aria-label={`Item ${i + 1}`}
                placeholder={`Item ${i + 1} (empty: a distractor)`}
                defaultValue={row.text}
              />
              <span aria-hidden="true">→</span>
              <input
                type="text"
                name="choiceMatch"
                aria-label={`Item ${i + 1} matches`}
                placeholder="matches"
                defaultValue={row.matchText}
              />
            </>
          ) : (
            <>
              {typed ? (
                <label className="weight">
                  <span className="visually-hidden">Credit for answer {i + 1} (%)</span>
                  <input
                    type="number"
                    name="choiceWeight"
                    min={0}
                    max={100}
                    placeholder="100"
                    defaultValue={row.weight}
                  />
                  <span aria-hidden="true">%</span>
                </label>
              ) : (
                <label className="checkbox">
                  <input type="checkbox" name="choiceCorrect" value={i} defaultChecked={row.isCorrect} />{" "}
                  <span className="visually-hidden">Answer {i + 1} is</span> correct
                </label>
              )}
              <input
                type="text"
                name="choiceText"
                aria-label={kind === "numerical" ? `Accepted number ${i + 1}` : `Answer ${i + 1}`}
                placeholder={kind === "numerical" ? "e.g. 100000:500" : `Answer ${i + 1}`}
                defaultValue={row.text}
              />
              <input
                type="text"
                name="choiceFeedback"
                aria-label={`Feedback for answer ${i + 1}`}
                placeholder="Feedback (why it is right or wrong)"
                defaultValue={row.feedback}
              />
            </>
          )}
        </div>
      ))}
    </>
  );
}

/** The editor for one question: kind, text, category and competency, answers, explanation. */
export function QuestionForm({
  values,
  errors,
  submitLabel,
  intent,
  revision,
  context,
}: {
  values: QuestionFormValues;
  errors: Record<string, string>;
  submitLabel: string;
  intent?: string;
  revision?: number;
  context: QuestionFormContext;
}) {
  const [kind, setKind] = useState<QuestionKind>(QUESTION_KINDS.find((k) => k === values.kind) ?? "single");
  const rows = [...values.choices];
  while (rows.length < Math.max(kind === "matching" ? 5 : 4, values.choices.length + 1) && rows.length < 8)
    rows.push(emptyRow());
  const lessonStems = new Set(context.lessons.map((l) => l.stem));
  const categoryOptions = [
    ...context.lessons.map((l) => ({ value: l.stem, label: l.label })),
    ...context.categories
      .filter((c) => !lessonStems.has(c))
      .map((c) => ({ value: c, label: `Category “${c}” (no lesson)` })),
  ];
  if (values.category && !categoryOptions.some((o) => o.value === values.category))
    categoryOptions.push({ value: values.category, label: `Category “${values.category}”` });
  return (
    <Form method="post" className="stack" noValidate>
      {revision ? <input type="hidden" name="revision" value={revision} /> : null}
      <div className="form-grid">
        <SelectField
          name="kind"
          id="q-kind"
          label="Kind"
          options={KIND_OPTIONS}
          defaultValue={kind}
          onChange={(e) => setKind(QUESTION_KINDS.find((k) => k === e.target.value) ?? "single")}
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
        <SelectField
          name="category"
          id="q-category"
          label="Lesson to revisit (category)"
          emptyOption="None"
          options={categoryOptions}
          defaultValue={values.category}
          error={errors.category}
          hint="Forms are balanced over categories; a learner who gets this wrong is pointed to the lesson."
        />
        <Field
          name="newCategory"
          id="q-new-category"
          label="…or a new category"
          defaultValue=""
          hint="A category that names no lesson is still balanced over."
        />
        {context.competencies.length > 1 ? (
          <SelectField
            name="competency"
            id="q-competency"
            label="Competency assessed"
            emptyOption="All the module teaches"
            options={context.competencies.map((c) => ({ value: c.slug, label: c.name }))}
            defaultValue={values.competency}
            error={errors.competency}
          />
        ) : null}
      </div>
      <fieldset
        className="choice-editor"
        aria-describedby={`q-kind-help${errors.choices ? " q-choices-error" : ""}`}
      >
        <legend>
          {kind === "matching"
            ? "Items and matches"
            : kind === "numerical" || kind === "short"
              ? "Accepted answers"
              : "Answers"}{" "}
          — feedback is shown after a passed attempt
        </legend>
        <p className="muted small" id="q-kind-help">
          {KIND_HELP[kind]}
        </p>
        <AnswerRows key={kind} kind={kind} rows={rows} />
        {errors.choices ? (
          <p className="field-error" id="q-choices-error">
            {errors.choices}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField
        name="explanation"
        id="q-explanation"
        label="Explanation (shown after a passed attempt)"
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
