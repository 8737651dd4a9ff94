/** How a learning plan's standing and progress read, wherever plans are shown. */
import { Link } from "@remix-run/react";
import { formatDate, plural } from "./format";
import { Badge, ProgressBar } from "./status";

/** A plan's standing as computed by app/domain/plans (serialised from a loader). */
export type SerializedPlanStanding =
  | { state: "cancelled"; since: string }
  | { state: "completed"; since: string }
  | { state: "overdue"; daysLate: number }
  | { state: "at-risk"; daysLeft: number; capacityMinutes: number }
  | { state: "on-track"; daysLeft: number; capacityMinutes: number };

export const PLAN_STATE_LABEL = {
  "on-track": "On track",
  "at-risk": "At risk",
  overdue: "Overdue",
  completed: "Completed",
  cancelled: "Cancelled",
} as const;

export function PlanBadge({ standing }: { standing: SerializedPlanStanding }) {
  switch (standing.state) {
    case "on-track":
      return <Badge tone="success">On track · {plural(standing.daysLeft, "day")} left</Badge>;
    case "at-risk":
      return <Badge tone="warning">At risk · {plural(standing.daysLeft, "day")} left</Badge>;
    case "overdue":
      return <Badge tone="danger">Overdue · {plural(standing.daysLate, "day")} late</Badge>;
    case "completed":
      return <Badge tone="info">Completed {formatDate(standing.since)}</Badge>;
    case "cancelled":
      return <Badge tone="neutral">Cancelled {formatDate(standing.since)}</Badge>;
  }
}

export interface PlanSummary {
  id: number;
  program: string;
  person?: string;
  territory: string | null;
  dueOn: string;
  competencies: { required: number; held: number; remaining: number };
  minutes: { total: number; done: number; remaining: number };
  standing: SerializedPlanStanding;
}

/** Progress in competencies and minutes, as one bar and one line. */
export function PlanProgress({
  plan,
  label,
  bar = true,
}: {
  plan: PlanSummary;
  label: string;
  /** Off in tables, where the line says it all. */
  bar?: boolean;
}) {
  return (
    <div className="plan-progress">
      {bar ? (
        <ProgressBar value={plan.competencies.held} max={plan.competencies.required} label={label} />
      ) : null}
      <p className="small muted">
        {plan.competencies.held} of {plan.competencies.required} competencies ·{" "}
        {plan.minutes.total === 0
          ? "no modules to take"
          : `${plan.minutes.done} of ${plan.minutes.total} min of modules done`}
      </p>
    </div>
  );
}

/** "Storage Specialist for Benelux, due 31 Mar 2027" */
export function planTitle(plan: { program: string; territory: string | null }): string {
  return `${plan.program}${plan.territory ? ` for ${plan.territory}` : ""}`;
}

/** The plans of a cell or a person, each linking to its page. */
export function PlanList({ plans, showPerson }: { plans: readonly PlanSummary[]; showPerson: boolean }) {
  return (
    <ul className="list">
      {plans.map((p) => (
        <li key={p.id}>
          <span>
            <Link to={`/admin/plans/${p.id}`}>
              <strong>{showPerson && p.person ? p.person : planTitle(p)}</strong>
            </Link>
            <span className="muted small block">
              {showPerson ? `${planTitle(p)} · ` : ""}due {formatDate(p.dueOn)} · {p.competencies.held} of{" "}
              {p.competencies.required} competencies · {p.minutes.remaining} min left
            </span>
          </span>
          <PlanBadge standing={p.standing} />
        </li>
      ))}
    </ul>
  );
}
