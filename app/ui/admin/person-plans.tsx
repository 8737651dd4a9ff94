/** A person's learning plans on their record, and nominating them (DESIGN.md Rule 16). */
import { NominateForm, type NominateProgram, type NominateTemplate } from "../nominate";
import { PlanList, type PlanSummary } from "../plans";

export function PlansSection({
  person,
  plans,
  canNominate,
}: {
  person: { id: number; name: string };
  plans: {
    plans: PlanSummary[];
    programs: NominateProgram[];
    templates: NominateTemplate[];
    territories: { value: number; label: string }[];
  };
  canNominate: boolean;
}) {
  return (
    <section className="card stack" aria-labelledby="plans-title">
      <h2 id="plans-title" className="h3">
        Learning plans
      </h2>
      {plans.plans.length === 0 ? (
        <p className="empty">No learning plans.</p>
      ) : (
        <PlanList plans={plans.plans} showPerson={false} />
      )}
      {canNominate ? (
        <details className="nominate-details">
          <summary>Nominate {person.name} for a program</summary>
          <NominateForm
            id="person-nominate"
            people={[{ id: person.id, name: person.name }]}
            programs={plans.programs}
            templates={plans.templates}
            territories={plans.territories}
            title={`Nominate ${person.name}`}
          />
        </details>
      ) : null}
    </section>
  );
}
