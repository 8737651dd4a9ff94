/**
 * The sections of a module's editor page (`author.modules.$moduleId._index`): draft
 * settings and lessons (publishing and versions are `publish-panel.tsx`). Presentational: the route owns the data and
 * the action; each form posts an `intent`.
 */
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import {
  CheckboxGroup,
  Field,
  ResultNotice,
  NumberField,
  SelectField,
  SubmitButton,
  TextAreaField,
} from "~/ui/forms";
import { FORM_SIZE_MAX, TIME_LIMIT_MAX_MINUTES } from "~/domain/publishing";
import { ReorderButtons } from "~/ui/reorder-buttons";
import { useUnsavedChangesWarning } from "~/ui/unsaved-changes";
import { type FormResult, resultFor } from "~/utils/form-result";

export interface DraftSettingsValues {
  revision: number;
  title: string;
  summary: string;
  introMarkdown: string;
  minutes: number;
  passMarkPercent: number;
  maxAttemptsPerDay: number;
  formSize: number;
  revealPolicy: "after-pass" | "never";
  timeLimitMinutes: number | null;
}

export interface BankSummary {
  size: number;
  formSize: number;
  countsTowardsCertification: boolean;
  needed: number | null;
  categories: { name: string | null; count: number; lesson: string | null }[];
  blindPassChance: number;
}

/** "about 1 in 2,600" for a small probability, "4%" for a larger one. */
function chanceText(p: number): string {
  if (p <= 0) return "never";
  if (p >= 0.01) return `${Math.round(p * 100)}% of attempts`;
  return `about 1 attempt in ${Math.round(1 / p).toLocaleString("en")}`;
}

/** The question bank against the form: what the bank rule asks and how it stands. */
export function BankStatus({ bank }: { bank: BankSummary }) {
  const short = bank.needed !== null && bank.size < bank.needed;
  return (
    <div className={`bank-status ${short ? "bank-short" : ""}`} aria-live="polite">
      <p>
        <strong>
          Bank: {bank.size} question{bank.size === 1 ? "" : "s"}
        </strong>{" "}
        · each attempt draws {Math.min(bank.formSize, bank.size)} ·{" "}
        {bank.needed !== null ? (
          <>
            this module counts towards a certification, so the bank needs at least {bank.needed} (2 × the form
            size) for a retake to ask different questions
            {short ? ` — ${bank.needed - bank.size} more needed` : " ✓"}
          </>
        ) : (
          "this module counts towards no certification: no minimum bank"
        )}
      </p>
      {bank.categories.length > 1 || bank.categories[0]?.name ? (
        <ul className="chip-list" aria-label="Questions per category">
          {bank.categories.map((c) => (
            <li key={c.name ?? ""} className="chip chip-small">
              {c.lesson ?? c.name ?? "No category"}: {c.count}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted small">Someone answering blindly would pass {chanceText(bank.blindPassChance)}.</p>
    </div>
  );
}

export function DraftSettingsForm({
  draft,
  available,
  taught,
  bank,
  result,
}: {
  draft: DraftSettingsValues;
  available: readonly { id: number; name: string }[];
  taught: readonly number[];
  bank: BankSummary | null;
  result: FormResult | undefined;
}) {
  const [dirty, setDirty] = useState(false);
  useUnsavedChangesWarning(dirty);
  const mine = resultFor(result, "save-settings");
  return (
    <section className="card stack" aria-labelledby="settings-title">
      <h2 id="settings-title" className="h3">
        Module settings
      </h2>
      <ResultNotice result={mine} />
      <Form
        method="post"
        className="stack"
        // A save replaces the entry, so the unsaved-changes guard lets it through (it blocked
        // a second save: the submission's `?index` made it look like leaving the page).
        replace
        onChange={() => setDirty(true)}
        onSubmit={() => setDirty(false)}
        noValidate
      >
        <input type="hidden" name="revision" value={draft.revision} />
        <div className="form-grid">
          <Field name="title" label="Title" result={mine} defaultValue={draft.title} className="field-wide" />
          <Field
            name="summary"
            label="Summary"
            result={mine}
            defaultValue={draft.summary}
            className="field-wide"
          />
          <NumberField
            name="minutes"
            label="Minutes"
            min={1}
            max={600}
            result={mine}
            defaultValue={draft.minutes}
          />
          <NumberField
            name="passMarkPercent"
            label="Pass mark (%)"
            min={1}
            max={100}
            result={mine}
            defaultValue={draft.passMarkPercent}
          />
          <NumberField
            name="maxAttemptsPerDay"
            label="Attempts per 24 hours"
            min={1}
            max={50}
            result={mine}
            defaultValue={draft.maxAttemptsPerDay}
          />
          <TextAreaField
            name="introMarkdown"
            label="Introduction (Markdown)"
            rows={4}
            result={mine}
            defaultValue={draft.introMarkdown}
            className="field-wide"
          />
        </div>
        <CheckboxGroup
          name="competencyIds"
          legend="Competencies taught"
          result={mine}
          options={available.map((c) => ({ value: c.id, label: c.name }))}
          defaultValues={taught}
        />
        <fieldset className="stack exam-settings">
          <legend>Assessment</legend>
          <div className="form-grid">
            <NumberField
              name="formSize"
              label="Questions per attempt (form size)"
              min={1}
              max={FORM_SIZE_MAX}
              result={mine}
              defaultValue={draft.formSize}
              hint="Each attempt draws this many from the bank, balanced over categories."
            />
            <SelectField
              name="revealPolicy"
              label="Right answers shown"
              result={mine}
              defaultValue={draft.revealPolicy}
              options={[
                { value: "after-pass", label: "After a passed attempt" },
                { value: "never", label: "Never" },
              ]}
              hint="A failed attempt never shows them: only the score per competency, which questions were wrong and the lessons to revisit."
            />
            <NumberField
              name="timeLimitMinutes"
              label="Time limit (minutes)"
              min={1}
              max={TIME_LIMIT_MAX_MINUTES}
              result={mine}
              defaultValue={draft.timeLimitMinutes ?? ""}
              hint="Empty for none. Enforced on the server: answers saved before the end are graded."
            />
          </div>
          {bank ? <BankStatus bank={bank} /> : null}
        </fieldset>
        <div>
          <SubmitButton intent="save-settings">Save settings</SubmitButton>
          {dirty ? <span className="muted small"> Unsaved changes</span> : null}
        </div>
      </Form>
    </section>
  );
}

export function LessonList({
  lessons,
  result,
}: {
  lessons: readonly { id: number; title: string; words: number }[];
  result: FormResult | undefined;
}) {
  const adding = resultFor(result, "add-lesson");
  return (
    <section className="card stack" aria-labelledby="lessons-title">
      <h2 id="lessons-title" className="h3">
        Lessons
      </h2>
      {lessons.length === 0 ? <p className="empty">No lessons yet. Add the first one below.</p> : null}
      <ol className="editor-list">
        {lessons.map((l, i) => (
          <li key={l.id}>
            <span className="editor-list-title">
              <Link to={`lessons/${l.id}`}>{l.title}</Link>
              <span className="muted small"> · {l.words} words</span>
            </span>
            <ReorderButtons
              intent="move-lesson"
              idName="lessonId"
              id={l.id}
              label={`“${l.title}”`}
              index={i}
              count={lessons.length}
            />
            <Form
              method="post"
              preventScrollReset
              onSubmit={(e) => {
                if (!window.confirm(`Delete the lesson “${l.title}” from the draft?`)) e.preventDefault();
              }}
            >
              <input type="hidden" name="lessonId" value={l.id} />
              <SubmitButton
                intent="delete-lesson"
                className="button button-quiet button-danger"
                aria-label={`Delete “${l.title}”`}
              >
                Delete
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ol>
      <Form method="post" className="inline-form">
        <Field name="title" id="new-lesson" label="New lesson title" result={adding} />
        <SubmitButton intent="add-lesson" className="button">
          Add lesson
        </SubmitButton>
      </Form>
    </section>
  );
}
