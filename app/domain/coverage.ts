/**
 * Coverage (DESIGN.md Rule 8): whether a territory × technology has the specialists it
 * needs, derived at read time from assignments and the certifications behind them.
 */
import { AT_RISK_DAYS } from "./certification";
import { addDays } from "./time";

export type AssignmentState = "covered" | "at-risk" | "lapsed";
export type CellStatus = "covered" | "at-risk" | "lapsed" | "vacant";

/**
 * An active assignment is covered while its person holds a qualifying certification, at
 * risk when that ends within 30 days, lapsed once it has ended or was revoked.
 * `validUntil` is the latest expiry among the person's active qualifying certifications.
 */
export function assignmentState(validUntil: Date | null, now: Date): AssignmentState {
  if (!validUntil || validUntil.getTime() <= now.getTime()) return "lapsed";
  return validUntil.getTime() <= addDays(now, AT_RISK_DAYS).getTime() ? "at-risk" : "covered";
}

export interface CellAssignment {
  role: "specialist" | "lead";
  validUntil: Date | null;
}

export interface Targets {
  specialists: number;
  leads: number;
}

export interface CellSummary {
  status: CellStatus;
  specialists: number;
  leads: number;
  lapsed: number;
  /** When the cell stops being covered if nothing changes (earliest needed expiry). */
  coveredUntil: Date | null;
}

/**
 * A cell is covered when its valid assignments meet the targets (a lead also fills a
 * specialist seat), at risk when covered but a needed certification ends within 30 days,
 * lapsed when short and some assignment has lapsed, vacant when short with nothing lapsed.
 */
export function classifyCell(
  assignments: readonly CellAssignment[],
  targets: Targets,
  now: Date,
): CellSummary {
  const valid = assignments.filter((a) => assignmentState(a.validUntil, now) !== "lapsed");
  const lapsed = assignments.length - valid.length;
  const leads = valid.filter((a) => a.role === "lead");
  const specialists = valid.length;
  const needed = Math.max(targets.specialists, 1);
  const covered = specialists >= needed && leads.length >= targets.leads;
  const byExpiry = [...valid].sort((a, b) => (a.validUntil?.getTime() ?? 0) - (b.validUntil?.getTime() ?? 0));
  // The cell stays covered until the (surplus + 1)-th earliest expiry among what it needs.
  const surplus = specialists - needed;
  const coveredUntil = covered
    ? (byExpiry[Math.max(0, Math.min(surplus, byExpiry.length - 1))]?.validUntil ?? null)
    : null;
  let status: CellStatus;
  if (!covered) status = lapsed > 0 ? "lapsed" : "vacant";
  else if (coveredUntil && coveredUntil.getTime() <= addDays(now, AT_RISK_DAYS).getTime()) status = "at-risk";
  else status = "covered";
  return { status, specialists, leads: leads.length, lapsed, coveredUntil };
}
