import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionSchema } from "~/schemas/admin.programs.server";
import { requireRole } from "~/auth/auth.server";
import { addCompetency, getProgramsCatalog, updateCompetency, updateTargets } from "~/models/programs.server";
import { updateProgramLifecycle } from "~/models/program-lifecycle.server";
import { previewProgramChange, saveProgramChange } from "~/models/program-what-if.server";
import { getSeatCaps, peopleOverCap, updateSeatCaps } from "~/models/seat-caps.server";
import { LifecycleForm } from "~/ui/admin/lifecycle-form";
import { SeatCapsForm } from "~/ui/admin/seat-caps-form";
import { CompetencyForm, NewCompetencyForm, ProgramForm, TargetsForm } from "~/ui/admin/program-forms";
import { db } from "~/utils/db.server";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const caps = getSeatCaps(db());
  return json({ units: getProgramsCatalog(db()), caps, overCap: peopleOverCap(db(), caps, 20) });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const values = formValues(await readForm(request), ["requirementIds"]);
  // Every form on the page is one row's: its answer carries the row's id.
  const scope = values.programId ?? values.competencyId ?? values.technologyId ?? "";
  // A preview answers the program's own form: it shows under it, with the values kept.
  const intent = `${values.intent === "preview" ? "program" : String(values.intent ?? "")}-${String(scope)}`;
  const parsed = ActionSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values, intent);
  const now = new Date();
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "preview":
        return formSuccess("Preview of the change: nothing is saved yet.", {
          intent,
          preview: previewProgramChange(db(), input.programId, input, now),
        });
      case "program": {
        const preview = saveProgramChange(db(), input.programId, input, admin.id, now);
        return formSuccess(
          `Program saved. Certifications already issued keep their dates; holders renew against the new requirements (${preview.affectedCount} of ${preview.holders} holders would need training). The audit log keeps these figures.`,
          { intent },
        );
      }
      case "competency":
        updateCompetency(db(), input.competencyId, input, admin.id, now);
        return formSuccess("Competency saved. New attainments use the new validity.", { intent });
      case "add-competency":
        addCompetency(db(), input, admin.id, now);
        return formSuccess("Competency added.", { intent });
      case "lifecycle":
        updateProgramLifecycle(db(), input.programId, input, admin.id, now);
        return formSuccess(
          "Lifecycle saved. Renewal windows, grace and deadlines follow the new settings from now on.",
          { intent },
        );
      case "seat-caps":
        updateSeatCaps(db(), { specialist: input.specialistCap, lead: input.leadCap }, admin.id, now);
        return formSuccess("Seat caps saved. New assignments over a cap are refused from now on.", {
          intent,
        });
      case "targets":
        updateTargets(db(), input.technologyId, input, admin.id, now);
        return formSuccess("Coverage targets saved.", { intent });
    }
  } catch (error) {
    return refusalFailure(error, { values, intent });
  }
}

export default function Programs() {
  const { units, caps, overCap } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
      <SeatCapsForm caps={caps} overCap={overCap} result={result} />
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
                  <div key={program.id} className="stack">
                    <ProgramForm program={program} competencies={tech.competencies} result={result} />
                    <LifecycleForm program={program} result={result} />
                  </div>
                ))}
                <h3 className="h4">Competencies</h3>
                <ul className="plain-list stack">
                  {tech.competencies.map((c) => (
                    <li key={c.id}>
                      <CompetencyForm competency={c} result={result} />
                    </li>
                  ))}
                </ul>
                <NewCompetencyForm technologyId={tech.id} result={result} />
                <TargetsForm technology={tech} result={result} />
              </div>
            </details>
          ))}
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Programs · Admin · Partner Academy" }];
