/**
 * The learner's assigned plans (DESIGN.md Rule 16), first on the dashboard and apart from
 * what they explore on their own: program, target seat, due date, progress, the modules.
 */
import { Link } from "@remix-run/react";
import { formatDate } from "./format";
import { PlanBadge, PlanProgress, type PlanSummary } from "./plans";

export interface LearnerPlan extends PlanSummary {
  technology: string;
  level: "specialist" | "lead";
  note: string;
  outcome: "assigned" | "closed" | null;
  modules: { slug: string; title: string; minutes: number }[];
}

export function LearnerPlans({ plans }: { plans: readonly LearnerPlan[] }) {
  return (
    <section aria-labelledby="plans-title" className="stack">
      <h2 id="plans-title">Your learning plans</h2>
      <div className="card-grid">
        {plans.map((p) => (
          // Not an <article>: the technology cards below are articles named by technology.
          <div key={p.id} className="card stack">
            <p className="eyebrow">Assigned to you</p>
            <h3 id={`plan-${p.id}`}>{p.program}</h3>
            <p className="badge-row">
              <PlanBadge standing={p.standing} />
              <span className="small muted">Due {formatDate(p.dueOn)}</span>
            </p>
            {p.territory ? (
              <p className="small">
                Target seat: {p.level === "lead" ? "lead specialist" : "specialist"} for {p.technology} in{" "}
                {p.territory}
                {p.outcome === "assigned" ? " (assigned)" : ""}
              </p>
            ) : null}
            {p.note ? <p className="small muted">“{p.note}”</p> : null}
            <PlanProgress plan={p} label={`${p.program} plan: competencies held`} />
            {p.standing.state !== "completed" && p.modules.length > 0 ? (
              <ul className="next-list" aria-label={`Modules for ${p.program}`}>
                {p.modules.map((m) => (
                  <li key={m.slug}>
                    <Link to={`/learn/modules/${m.slug}`}>{m.title}</Link>{" "}
                    <span className="muted small">{m.minutes} min</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ))}
      </div>
    </section>
  );
}
