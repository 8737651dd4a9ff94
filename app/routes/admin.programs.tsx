import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { COMPETENCY_KINDS } from "#db/vocabulary";
import { requireRole } from "~/auth/auth.server";
import {
  addCompetency,
  getProgramsCatalog,
  updateCompetency,
  updateProgram,
  updateTargets,
} from "~/models/programs.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ units: getProgramsCatalog(db()) });
}

const months = z.coerce
  .number({ error: "Validity must be a number of months." })
  .int("Whole months.")
  .min(1, "At least 1 month.")
  .max(120, "At most 120 months.");
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("program"),
    programId: z.coerce.number().int().min(1),
    validityMonths: months,
  }),
  z.object({
    intent: z.literal("competency"),
    competencyId: z.coerce.number().int().min(1),
    name: z.string().trim().min(3, "Name too short.").max(120),
    validityMonths: months,
  }),
  z.object({
    intent: z.literal("add-competency"),
    technologyId: z.coerce.number().int().min(1),
    name: z.string().trim().min(3, "Give the competency a name.").max(120),
    kind: z.enum(COMPETENCY_KINDS),
    validityMonths: months,
  }),
  z.object({
    intent: z.literal("targets"),
    technologyId: z.coerce.number().int().min(1),
    targetSpecialists: z.coerce.number().int().min(0).max(50),
    targetLeads: z.coerce.number().int().min(0).max(50),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries(form));
  const scope = String(form.get("programId") ?? form.get("competencyId") ?? form.get("technologyId") ?? "");
  if (!parsed.success)
    return json(
      { ok: false, scope, message: parsed.error.issues[0]?.message ?? "Check the values." },
      { status: 400 },
    );
  const now = new Date();
  const input = parsed.data;
  switch (input.intent) {
    case "program":
      updateProgram(
        db(),
        input.programId,
        {
          validityMonths: input.validityMonths,
          requirementIds: form.getAll("requirementIds").map(Number).filter(Number.isSafeInteger),
        },
        admin.id,
        now,
      );
      return json({
        ok: true,
        scope,
        message:
          "Program saved. Certifications already issued keep their dates; holders renew against the new requirements.",
      });
    case "competency":
      updateCompetency(
        db(),
        input.competencyId,
        { name: input.name, validityMonths: input.validityMonths },
        admin.id,
        now,
      );
      return json({ ok: true, scope, message: "Competency saved. New attainments use the new validity." });
    case "add-competency":
      addCompetency(db(), input, admin.id, now);
      return json({ ok: true, scope, message: "Competency added." });
    case "targets":
      updateTargets(db(), input.technologyId, input, admin.id, now);
      return json({ ok: true, scope, message: "Coverage targets saved." });
  }
}

export default function Programs() {
  const { units } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const note = (scope: string) =>
    actionData && actionData.scope === scope ? (
      <p
        className={`small ${actionData.ok ? "text-success" : "field-error"}`}
        role={actionData.ok ? "status" : "alert"}
      >
        {actionData.message}
      </p>
    ) : null;
  return (
    <div className="stack-lg">
      <header className="page-header with-actions">
        <div>
          <p className="eyebrow">Programs</p>
          <h1>Technologies, competencies and programs</h1>
          <p className="lead">
            What each certification requires and how long things stay valid. A lead program includes
            everything its specialist program requires.
          </p>
        </div>
        <Link to="/admin/organisation" className="button">
          Territories and partners
        </Link>
      </header>
      {units.map((unit) => (
        <section key={unit.id} className="stack" aria-labelledby={`unit-${unit.id}`}>
          <h2 id={`unit-${unit.id}`}>{unit.name}</h2>
          {unit.technologies.map((tech) => (
            <details key={tech.id} className="card tech-card">
              <summary>
                <strong>{tech.name}</strong>{" "}
                <span className="muted small">
                  · {tech.competencies.length} competencies · target {tech.targetSpecialists} specialist
                  {tech.targetLeads ? ` + ${tech.targetLeads} lead` : ""} per territory
                </span>
              </summary>
              <div className="stack">
                {tech.programs.map((program) => (
                  <Form key={program.id} method="post" className="program-form stack" preventScrollReset>
                    <input type="hidden" name="programId" value={program.id} />
                    <h3 className="h4">
                      {program.name} <span className="muted small">· {program.issued} issued</span>
                    </h3>
                    <fieldset className="checkbox-group">
                      <legend>
                        {program.level === "lead"
                          ? "Own requirements (plus the specialist program's)"
                          : "Requirements"}
                      </legend>
                      {tech.competencies.map((c) => (
                        <label key={c.id} className="checkbox">
                          <input
                            type="checkbox"
                            name="requirementIds"
                            value={c.id}
                            defaultChecked={program.requirementIds.includes(c.id)}
                          />{" "}
                          {c.name} <span className="muted small">({c.kind})</span>
                        </label>
                      ))}
                    </fieldset>
                    <div className="inline-form">
                      <div className="field">
                        <label htmlFor={`validity-${program.id}`}>Valid for (months)</label>
                        <input
                          id={`validity-${program.id}`}
                          name="validityMonths"
                          type="number"
                          min={1}
                          max={120}
                          defaultValue={program.validityMonths}
                        />
                      </div>
                      <button type="submit" name="intent" value="program" className="button" disabled={busy}>
                        Save program
                      </button>
                    </div>
                    {note(String(program.id))}
                  </Form>
                ))}
                <h3 className="h4">Competencies</h3>
                <ul className="plain-list stack">
                  {tech.competencies.map((c) => (
                    <li key={c.id}>
                      <Form method="post" className="inline-form" preventScrollReset>
                        <input type="hidden" name="competencyId" value={c.id} />
                        <div className="field">
                          <label htmlFor={`comp-name-${c.id}`}>Name ({c.kind})</label>
                          <input id={`comp-name-${c.id}`} name="name" type="text" defaultValue={c.name} />
                        </div>
                        <div className="field field-narrow">
                          <label htmlFor={`comp-validity-${c.id}`}>Valid (months)</label>
                          <input
                            id={`comp-validity-${c.id}`}
                            name="validityMonths"
                            type="number"
                            min={1}
                            max={120}
                            defaultValue={c.validityMonths}
                          />
                        </div>
                        <button
                          type="submit"
                          name="intent"
                          value="competency"
                          className="button button-quiet"
                          disabled={busy}
                        >
                          Save
                        </button>
                      </Form>
                      {note(String(c.id))}
                    </li>
                  ))}
                </ul>
                <Form method="post" className="inline-form" preventScrollReset>
                  <input type="hidden" name="technologyId" value={tech.id} />
                  <div className="field">
                    <label htmlFor={`new-comp-${tech.id}`}>New competency</label>
                    <input id={`new-comp-${tech.id}`} name="name" type="text" />
                  </div>
                  <div className="field field-narrow">
                    <label htmlFor={`new-kind-${tech.id}`}>Kind</label>
                    <select id={`new-kind-${tech.id}`} name="kind" defaultValue="product">
                      {COMPETENCY_KINDS.map((k) => (
                        <option key={k}>{k}</option>
                      ))}
                    </select>
                  </div>
                  <div className="field field-narrow">
                    <label htmlFor={`new-validity-${tech.id}`}>Valid (months)</label>
                    <input
                      id={`new-validity-${tech.id}`}
                      name="validityMonths"
                      type="number"
                      min={1}
                      max={120}
                      defaultValue={24}
                    />
                  </div>
                  <button
                    type="submit"
                    name="intent"
                    value="add-competency"
                    className="button button-quiet"
                    disabled={busy}
                  >
                    Add
                  </button>
                </Form>
                <Form method="post" className="inline-form" preventScrollReset>
                  <input type="hidden" name="technologyId" value={tech.id} />
                  <div className="field field-narrow">
                    <label htmlFor={`ts-${tech.id}`}>Specialists per territory</label>
                    <input
                      id={`ts-${tech.id}`}
                      name="targetSpecialists"
                      type="number"
                      min={0}
                      max={50}
                      defaultValue={tech.targetSpecialists}
                    />
                  </div>
                  <div className="field field-narrow">
                    <label htmlFor={`tl-${tech.id}`}>Leads per territory</label>
                    <input
                      id={`tl-${tech.id}`}
                      name="targetLeads"
                      type="number"
                      min={0}
                      max={50}
                      defaultValue={tech.targetLeads}
                    />
                  </div>
                  <button
                    type="submit"
                    name="intent"
                    value="targets"
                    className="button button-quiet"
                    disabled={busy}
                  >
                    Save targets
                  </button>
                </Form>
                {note(String(tech.id))}
              </div>
            </details>
          ))}
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Programs · Admin · Partner Academy" }];
