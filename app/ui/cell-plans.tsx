/**
 * The coverage cell's learning plans (DESIGN.md Rule 16): who is in training for its seats
 * and when they are due, and the nominate control over the cell's candidates.
 */
import { NominateForm, type NominateProgram, type NominateTemplate } from "./nominate";
import { PlanList, type PlanSummary } from "./plans";

interface Candidate {
  id: number;
  name: string;
  seats: { role: string; eligible: boolean; path: { totalMinutes: number } | null }[];
}

function hintOf(c: Candidate): string {
  const specialist = c.seats.find((s) => s.role === "specialist");
  if (!specialist) return "";
  if (specialist.eligible) return "certified";
  if (!specialist.path) return "";
  return specialist.path.totalMinutes > 0
    ? `about ${specialist.path.totalMinutes} min to specialist`
    : "no module left: renewal or an attestation";
}

export function CellPlans({
  plans,
  candidates,
  territory,
  technology,
}: {
  plans: { inTraining: PlanSummary[]; programs: NominateProgram[]; templates: NominateTemplate[] };
  candidates: readonly Candidate[];
  territory: { id: number; name: string };
  technology: string;
}) {
  return (
    <section className="card stack" aria-labelledby="training-title">
      <h2 id="training-title" className="h3">
        In training for this seat
      </h2>
      {plans.inTraining.length === 0 ? (
        <p className="empty">
          Nobody has a learning plan for {technology} in {territory.name}.
        </p>
      ) : (
        <PlanList plans={plans.inTraining} showPerson />
      )}
      {candidates.length > 0 && plans.programs.length > 0 ? (
        <details className="nominate-details">
          <summary>Nominate partner managers of {territory.name} (listed below)</summary>
          <NominateForm
            id="cell-nominate"
            people={candidates.map((c) => ({ id: c.id, name: c.name, hint: hintOf(c) }))}
            programs={plans.programs}
            templates={plans.templates}
            target={{ territoryId: territory.id, label: `${technology} in ${territory.name}` }}
            title="Nominate for this seat"
          />
        </details>
      ) : null}
    </section>
  );
}
