/**
 * Coverage (DESIGN.md Rule 8): whether a territory × technology has the specialists it
 * needs, derived at read time from assignments and the certifications behind them.
 */
import { AT_RISK_DAYS } from "./certification";
import { addDays, DAY_MS, daysUntil } from "./time";

export type AssignmentState = "covered" | "at-risk" | "in-grace" | "lapsed";
export type CellStatus = "covered" | "at-risk" | "in-grace" | "lapsed" | "vacant";

/**
 * An assignment's cover, as `assignmentSpan` (app/domain/lifecycle) or its SQL twin
 * (`assignmentSpanSql`) computes it: the latest expiry of a qualifying certification, and
 * when the assignment lapses if nothing changes (that expiry + grace, or a revocation).
 */
export interface AssignmentSpan {
  validUntil: Date | null;
  lapsesAt: Date | null;
}

/**
 * An active assignment is covered while its person holds a qualifying certification, at
 * risk when that ends within 30 days, in grace after it ended until `lapsesAt`, lapsed from
 * then on (at once after a revocation: `lapsesAt` is the revocation).
 */
export function assignmentState(span: AssignmentSpan, now: Date): AssignmentState {
  const t = now.getTime();
  if (span.validUntil && span.validUntil.getTime() > t)
    return span.validUntil.getTime() <= addDays(now, AT_RISK_DAYS).getTime() ? "at-risk" : "covered";
  if (span.lapsesAt && span.lapsesAt.getTime() > t) return "in-grace";
  return "lapsed";
}

/** Active assignments by state at `now`: the overview's tiles, from spans already read. */
export function assignmentStateCounts(spans: Iterable<AssignmentSpan>, now: Date) {
  const counts = { active: 0, covered: 0, atRisk: 0, inGrace: 0, lapsed: 0 };
  for (const span of spans) {
    counts.active++;
    const state = assignmentState(span, now);
    if (state === "covered") counts.covered++;
    else if (state === "at-risk") counts.atRisk++;
    else if (state === "in-grace") counts.inGrace++;
    else counts.lapsed++;
  }
  return counts;
}

/**
 * The first instant after `now` at which one of these assignments changes state with nothing
 * written: 30 days before its cover ends (at risk), the end of its cover (in grace), the end
 * of its grace (lapsed). Epoch ms; Infinity when none is later than `now`.
 */
export function nextStateChange(spans: Iterable<AssignmentSpan>, now: Date): number {
  const t = now.getTime();
  let next = Infinity;
  for (const span of spans)
    for (const at of [
      span.validUntil ? span.validUntil.getTime() - AT_RISK_DAYS * DAY_MS : null,
      span.validUntil?.getTime() ?? null,
      span.lapsesAt?.getTime() ?? null,
    ])
      if (at !== null && at > t && at < next) next = at;
  return next;
}

/** Whole days of grace left (rounded up), for "in grace · 12 days left". */
export function graceDaysLeft(span: AssignmentSpan, now: Date): number | null {
  return assignmentState(span, now) === "in-grace" && span.lapsesAt ? daysUntil(span.lapsesAt, now) : null;
}

export interface CellAssignment extends AssignmentSpan {
  role: "specialist" | "lead";
}

export interface Targets {
  specialists: number;
  leads: number;
}

export interface CellSummary {
  status: CellStatus;
  specialists: number;
  leads: number;
  /** Assignments in grace: counted apart, never as covering. */
  inGrace: number;
  lapsed: number;
  /** When the cell stops being covered if nothing changes (earliest needed expiry). */
  coveredUntil: Date | null;
  /** For a cell held only by assignments in grace: when the first needed one lapses. */
  graceEndsAt: Date | null;
  /** Whole days until then (rounded up). */
  graceDaysLeft: number | null;
}

/** Whether these assignments meet the targets (a lead also fills a specialist seat). */
function meets(assignments: readonly CellAssignment[], targets: Targets): boolean {
  const needed = Math.max(targets.specialists, 1);
  return assignments.length >= needed && assignments.filter((a) => a.role === "lead").length >= targets.leads;
}

/**
 * When a set of assignments that meets the targets stops meeting them: the (surplus + 1)-th
 * earliest of the given dates (a lead target checked the same way among leads).
 */
function heldUntil(
  assignments: readonly CellAssignment[],
  targets: Targets,
  date: (a: CellAssignment) => Date | null,
): Date | null {
  const until = (list: readonly CellAssignment[], needed: number) => {
    const sorted = list.map((a) => date(a)?.getTime() ?? 0).sort((a, b) => a - b);
    const at = sorted[Math.max(0, Math.min(list.length - needed, sorted.length - 1))];
    return at === undefined ? null : at;
  };
  const all = until(assignments, Math.max(targets.specialists, 1));
  const leads =
    targets.leads > 0
      ? until(
          assignments.filter((a) => a.role === "lead"),
          targets.leads,
        )
      : null;
  const earliest = [all, leads].filter((t): t is number => t !== null);
  return earliest.length > 0 ? new Date(Math.min(...earliest)) : null;
}

/**
 * A cell is covered when its valid assignments meet the targets (a lead also fills a
 * specialist seat), at risk when covered but a needed certification ends within 30 days,
 * in grace when only assignments in grace make up the targets, lapsed when short and some
 * assignment has lapsed, vacant when short with nothing lapsed.
 */
export function classifyCell(
  assignments: readonly CellAssignment[],
  targets: Targets,
  now: Date,
): CellSummary {
  const valid: CellAssignment[] = [];
  const grace: CellAssignment[] = [];
  let lapsed = 0;
  for (const a of assignments) {
    const state = assignmentState(a, now);
    if (state === "covered" || state === "at-risk") valid.push(a);
    else if (state === "in-grace") grace.push(a);
    else lapsed++;
  }
  // Summaries are written out as literals: an object spread is several times slower in V8,
  // and this runs for every cell of the organisation on the overview and the heatmap.
  const specialists = valid.length;
  const leads = valid.filter((a) => a.role === "lead").length;
  const inGrace = grace.length;
  if (meets(valid, targets)) {
    const coveredUntil = heldUntil(valid, targets, (a) => a.validUntil);
    const atRisk = coveredUntil !== null && coveredUntil.getTime() <= addDays(now, AT_RISK_DAYS).getTime();
    const status = atRisk ? "at-risk" : "covered";
    return {
      status,
      specialists,
      leads,
      inGrace,
      lapsed,
      coveredUntil,
      graceEndsAt: null,
      graceDaysLeft: null,
    };
  }
  if (grace.length > 0 && meets([...valid, ...grace], targets)) {
    // Each assignment leaves the set when it lapses (a valid one goes through grace first).
    const graceEndsAt = heldUntil([...valid, ...grace], targets, (a) => a.lapsesAt);
    const graceDaysLeft = graceEndsAt ? daysUntil(graceEndsAt, now) : null;
    return {
      status: "in-grace",
      specialists,
      leads,
      inGrace,
      lapsed,
      coveredUntil: null,
      graceEndsAt,
      graceDaysLeft,
    };
  }
  const status = lapsed > 0 ? "lapsed" : "vacant";
  return {
    status,
    specialists,
    leads,
    inGrace,
    lapsed,
    coveredUntil: null,
    graceEndsAt: null,
    graceDaysLeft: null,
  };
}
