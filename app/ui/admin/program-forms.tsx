/**
 * The forms of the Programs page (`admin.programs`): a program's requirements and validity,
 * a competency's name and validity, a new competency, and a technology's coverage targets.
 * Each form posts its own `intent`; its answer comes back with `<intent>-<id>` so that only
 * the form that was sent shows it.
 */
import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { COMPETENCY_KINDS } from "#db/vocabulary";
import type { getProgramsCatalog } from "~/models/programs.server";
import { CheckboxGroup, Field, ResultNotice, SelectField, SubmitButton, NumberField } from "~/ui/forms";
import { type FormResult, resultFor } from "~/utils/form-result";
import { isPreview, WhatIfPreview } from "./what-if-preview";

type Technology = SerializeFrom<ReturnType<typeof getProgramsCatalog>>[number]["technologies"][number];
type Program = Technology["programs"][number];
type Competency = Technology["competencies"][number];

export function ProgramForm({
  program,
  competencies,
  result,
}: {
  program: Program;
  competencies: readonly Competency[];
  result: FormResult | undefined;
}) {
  const mine = resultFor(result, `program-${program.id}`);
  // After a preview the form keeps the previewed values (also without JavaScript).
  const preview = mine && "preview" in mine && isPreview(mine.preview) ? mine.preview : null;
  return (
    <Form method="post" className="program-form stack" preventScrollReset>
      <input type="hidden" name="programId" value={program.id} />
      <h3 className="h4">
        {program.name} <span className="muted small">· {program.issued} issued</span>
      </h3>
      <CheckboxGroup
        name="requirementIds"
        id={`requirements-${program.id}`}
        legend={
          program.level === "lead" ? "Own requirements (plus the specialist program's)" : "Requirements"
        }
        result={mine}
        options={competencies.map((c) => ({ value: c.id, label: `${c.name} (${c.kind})` }))}
        defaultValues={preview?.requirementIds ?? program.requirementIds}
      />
      <div className="inline-form">
        <NumberField
          name="validityMonths"
          id={`validity-${program.id}`}
          label="Valid for (months)"
          min={1}
          max={120}
          result={mine}
          defaultValue={preview?.validityMonths.to ?? program.validityMonths}
        />
        <SubmitButton intent="preview" className="button button-quiet">
          Preview the change
        </SubmitButton>
        <SubmitButton intent="program" className="button">
          Save program
        </SubmitButton>
      </div>
      <ResultNotice result={mine} />
      {preview ? <WhatIfPreview preview={preview} /> : null}
    </Form>
  );
}

export function CompetencyForm({
  competency,
  result,
}: {
  competency: Competency;
  result: FormResult | undefined;
}) {
  const mine = resultFor(result, `competency-${competency.id}`);
  return (
    <>
      <Form method="post" className="inline-form" preventScrollReset>
        <input type="hidden" name="competencyId" value={competency.id} />
        <Field
          name="name"
          id={`comp-name-${competency.id}`}
          label={`Name (${competency.kind})`}
          result={mine}
          defaultValue={competency.name}
        />
        <NumberField
          name="validityMonths"
          id={`comp-validity-${competency.id}`}
          label="Valid (months)"
          min={1}
          max={120}
          result={mine}
          defaultValue={competency.validityMonths}
          className="field-narrow"
        />
        <SubmitButton intent="competency" className="button button-quiet">
          Save
        </SubmitButton>
      </Form>
      <ResultNotice result={mine} />
    </>
  );
}

export function NewCompetencyForm({
  technologyId,
  result,
}: {
  technologyId: number;
  result: FormResult | undefined;
}) {
  const mine = resultFor(result, `add-competency-${technologyId}`);
  return (
    <>
      <Form method="post" className="inline-form" preventScrollReset key={mine?.ok ? mine.message : "new"}>
        <input type="hidden" name="technologyId" value={technologyId} />
        <Field name="name" id={`new-comp-${technologyId}`} label="New competency" result={mine} />
        <SelectField
          name="kind"
          id={`new-kind-${technologyId}`}
          label="Kind"
          result={mine}
          options={COMPETENCY_KINDS.map((k) => ({ value: k, label: k }))}
          defaultValue="product"
          className="field-narrow"
        />
        <NumberField
          name="validityMonths"
          id={`new-validity-${technologyId}`}
          label="Valid (months)"
          min={1}
          max={120}
          result={mine}
          defaultValue={24}
          className="field-narrow"
        />
        <SubmitButton intent="add-competency" className="button button-quiet">
          Add
        </SubmitButton>
      </Form>
      <ResultNotice result={mine} />
    </>
  );
}

export function TargetsForm({
  technology,
  result,
}: {
  technology: Technology;
  result: FormResult | undefined;
}) {
  const mine = resultFor(result, `targets-${technology.id}`);
  return (
    <>
      <Form method="post" className="inline-form" preventScrollReset>
        <input type="hidden" name="technologyId" value={technology.id} />
        <NumberField
          name="targetSpecialists"
          id={`ts-${technology.id}`}
          label="Specialists per territory"
          min={0}
          max={50}
          result={mine}
          defaultValue={technology.targetSpecialists}
          className="field-narrow"
        />
        <NumberField
          name="targetLeads"
          id={`tl-${technology.id}`}
          label="Leads per territory"
          min={0}
          max={50}
          result={mine}
          defaultValue={technology.targetLeads}
          className="field-narrow"
        />
        <SubmitButton intent="targets" className="button button-quiet">
          Save targets
        </SubmitButton>
      </Form>
      <ResultNotice result={mine} />
    </>
  );
}
