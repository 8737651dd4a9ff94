/**
 * The nominate control (DESIGN.md Rule 16): choose people, a program (or a template), a due
 * date and a note, and post to `/admin/plans/nominate`. Used on the coverage cell (its
 * candidates, and the bench suggestions), a person's record and the bulk page; the target
 * seat, when there is one, is the cell's territory with the program's technology and level.
 */
import { useFetcher } from "@remix-run/react";
import { Field, Notice, SelectField, TextAreaField } from "./forms";
import type { FormResult } from "~/utils/form-result";

export interface NominatePerson {
  id: number;
  name: string;
  /** One line beside the name (e.g. "2 of 4 competencies"). */
  hint?: string;
}

export interface NominateProgram {
  id: number;
  name: string;
}

export interface NominateTemplate {
  id: number;
  programId: number;
  name: string;
  durationWeeks: number;
}

export interface NominateResult extends FormResult {
  created?: { planId: number; name: string }[];
  skipped?: { name: string; reason: string }[];
}

export const NOMINATE_ACTION = "/admin/plans/nominate";

export function NominateForm({
  id,
  people,
  programs,
  templates,
  target,
  territories,
  emails = false,
  checked = "none",
  title = "Nominate for a learning plan",
}: {
  /** Unique on the page: prefixes the fields' ids. */
  id: string;
  people: readonly NominatePerson[];
  programs: readonly NominateProgram[];
  templates: readonly NominateTemplate[];
  /** The seat the plan is for: its territory. */
  target?: { territoryId: number; label: string };
  /** Without a fixed target: territories to choose the target seat from (optional). */
  territories?: readonly { value: number; label: string }[];
  /** A box for pasted emails or a CSV instead of (or beside) the people. */
  emails?: boolean;
  /** Whether the people start ticked. */
  checked?: "all" | "none";
  title?: string;
}) {
  const fetcher = useFetcher<NominateResult>();
  const result = fetcher.data;
  const busy = fetcher.state !== "idle";
  const offered = templates.filter((t) => programs.some((p) => p.id === t.programId));
  const single = people.length === 1 ? people[0] : undefined;
  return (
    <fetcher.Form
      method="post"
      action={NOMINATE_ACTION}
      className="stack nominate"
      aria-labelledby={`${id}-heading`}
    >
      <h3 id={`${id}-heading`} className="h4">
        {title}
      </h3>
      {target ? (
        <>
          <input type="hidden" name="targetTerritoryId" value={target.territoryId} />
          <p className="muted small">Target seat: {target.label}.</p>
        </>
      ) : null}
      {emails ? (
        <TextAreaField
          id={`${id}-emails`}
          name="emails"
          label="Emails"
          hint="One per line, or paste a CSV: every email address in it counts."
          rows={5}
          result={result}
        />
      ) : null}
      {single ? (
        <input type="hidden" name="userIds" value={single.id} />
      ) : people.length === 0 ? null : (
        <fieldset className="checkbox-group nominate-people">
          <legend>People</legend>
          {people.map((p) => (
            <label key={p.id} className="checkbox">
              <input type="checkbox" name="userIds" value={p.id} defaultChecked={checked === "all"} />{" "}
              {p.name}
              {p.hint ? <span className="muted small"> · {p.hint}</span> : null}
            </label>
          ))}
          {result?.fieldErrors?.userIds ? <p className="field-error">{result.fieldErrors.userIds}</p> : null}
        </fieldset>
      )}
      <div className="form-grid">
        <SelectField
          id={`${id}-program`}
          name="programId"
          label="Program"
          options={programs.map((p) => ({ value: p.id, label: p.name }))}
          emptyOption={offered.length > 0 ? "Choose, or use a template" : "Choose…"}
          result={result}
        />
        {offered.length > 0 ? (
          <SelectField
            id={`${id}-template`}
            name="templateId"
            label="Template"
            options={offered.map((t) => ({ value: t.id, label: `${t.name} (${t.durationWeeks} weeks)` }))}
            emptyOption="None"
            result={result}
          />
        ) : null}
        {!target && territories ? (
          <SelectField
            id={`${id}-territory`}
            name="targetTerritoryId"
            label="Target seat in"
            options={territories}
            emptyOption="No seat"
            result={result}
          />
        ) : null}
        <Field
          id={`${id}-due`}
          name="dueOn"
          type="date"
          label="Due date"
          hint={offered.length > 0 ? "Empty: the template's duration from today." : undefined}
          result={result}
        />
      </div>
      <TextAreaField
        id={`${id}-note`}
        name="note"
        label="Note for the nominees"
        rows={2}
        maxLength={1000}
        result={result}
      />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {single
            ? `Nominate ${single.name}`
            : emails
              ? "Nominate these people"
              : "Nominate the people ticked"}
        </button>
      </div>
      {result?.message ? (
        <Notice tone={result.ok ? (result.skipped?.length ? "warning" : "success") : "error"}>
          <p>{result.message}</p>
          {result.skipped && result.skipped.length > 0 ? (
            <ul className="small">
              {result.skipped.map((s) => (
                <li key={s.name}>
                  {s.name}: {s.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
    </fetcher.Form>
  );
}
