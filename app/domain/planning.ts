/**
 * Coverage planning (DESIGN.md Rule 17): the 12-month forecast, bench ordering and the
 * what-if of a program change. Read-time arithmetic over the same rules as coverage
 * (app/domain/coverage.ts): nothing here is stored. Pure: time is always a parameter.
 */
import { AT_RISK_DAYS } from "./certification";
import type { CellAssignment, Targets } from "./coverage";
import { DAY_MS } from "./time";

export const FORECAST_MONTHS = 12;

export type ForecastState = "covered" | "at-risk" | "lapsed";

/** A forecast month: the calendar month (UTC) and the instant its state is read at. */
export interface ForecastMonth {
  /** First instant of the month, e.g. 2026-12-01T00:00Z (labels). */
  start: Date;
  /** First instant of the next month: the state at the month's end. */
  end: Date;
}

/**
 * The current calendar month and the 11 after it. Each month is read at its end (the first
 * instant of the next): with nobody certifying, a cell only ever gets worse, so its state at
 * the end of a month is the worst it is during that month.
 */
export function forecastMonths(now: Date, count = FORECAST_MONTHS): ForecastMonth[] {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  return Array.from({ length: count }, (_, i) => ({
    start: new Date(Date.UTC(year, month + i, 1)),
    end: new Date(Date.UTC(year, month + i + 1, 1)),
  }));
}

export interface ForecastCell {
  assignments: readonly CellAssignment[];
  targets: Targets;
}

export interface ForecastPoint extends ForecastMonth {
  covered: number;
  atRisk: number;
  lapsed: number;
}

/**
 * A cell's two turning points with nobody certifying: `coveredUntil`, when its valid
 * certifications stop meeting the targets (it is at risk from 30 days before), and
 * `heldUntil`, when its assignments in grace stop meeting them too (lapsed from then).
 * Epoch ms; Infinity for "not within any horizon". The same states as `classifyCell` at
 * any later instant, computed once instead of once per month.
 */
export function cellTurningPoints(cell: ForecastCell, now: Date) {
  const valid = cell.assignments.map((a) => ({ role: a.role, lapsesAt: a.validUntil?.getTime() ?? 0 }));
  const ms = (d: Date | null) => (d === null ? Infinity : d.getTime());
  return {
    coveredUntil: ms(cellLapseInstant(valid, cell.targets, now)),
    heldUntil: ms(cellLapseInstant(holdingsOf(cell.assignments), cell.targets, now)),
  };
}

/** A cell's forecast state at `at`: in grace counts as at risk, vacant as lapsed. */
export function forecastStateAt(
  points: { coveredUntil: number; heldUntil: number },
  at: Date,
): ForecastState {
  const t = at.getTime();
  if (t < points.coveredUntil - AT_RISK_DAYS * DAY_MS) return "covered";
  if (t < points.coveredUntil || t < points.heldUntil) return "at-risk";
  return "lapsed";
}

/** Covered / at risk / lapsed cells at the end of each forecast month. */
export function forecastCoverage(cells: readonly ForecastCell[], now: Date): ForecastPoint[] {
  const turning = cells.map((c) => cellTurningPoints(c, now));
  return forecastMonths(now).map((month) => {
    const point = { ...month, covered: 0, atRisk: 0, lapsed: 0 };
    for (const cell of turning) {
      const state = forecastStateAt(cell, month.end);
      if (state === "covered") point.covered++;
      else if (state === "at-risk") point.atRisk++;
      else point.lapsed++;
    }
    return point;
  });
}

/** An assignment as the lapse arithmetic needs it: its role and when it stops holding. */
export interface Holding {
  role: "specialist" | "lead";
  /** Epoch ms after which it no longer holds the seat (Infinity: it is assumed renewed). */
  lapsesAt: number;
}

/** The k-th largest of the values (k ≥ 1): while an instant is before it, k of them are later. */
function kthLatest(values: number[], k: number): number {
  if (k <= 0) return Infinity;
  if (values.length < k) return -Infinity;
  values.sort((x, y) => y - x);
  return values[k - 1] ?? -Infinity;
}

/**
 * When a cell stops being held (covered, at risk or in grace) if nothing changes: the first
 * lapse instant at which the holdings still in force no longer meet the targets (a lead also
 * fills a specialist seat). `now` when it is not held already; null when it stays held
 * (holdings assumed renewed).
 */
export function cellLapseInstant(holdings: readonly Holding[], targets: Targets, now: Date): Date | null {
  const all = kthLatest(
    holdings.map((h) => h.lapsesAt),
    Math.max(targets.specialists, 1),
  );
  const leads = kthLatest(
    holdings.filter((h) => h.role === "lead").map((h) => h.lapsesAt),
    targets.leads,
  );
  const until = Math.min(all, leads);
  if (until <= now.getTime()) return now;
  return Number.isFinite(until) ? new Date(until) : null;
}

/** Holdings from assignment spans (an assignment without a span holds nothing). */
export function holdingsOf(assignments: readonly CellAssignment[]): Holding[] {
  return assignments.map((a) => ({ role: a.role, lapsesAt: a.lapsesAt?.getTime() ?? 0 }));
}

/** The forecast month (index 0–11) an instant falls in, or null when it is past the forecast. */
export function monthIndexOf(at: Date, now: Date): number | null {
  const index = forecastMonths(now).findIndex((m) => at.getTime() < m.end.getTime());
  return index === -1 ? null : index;
}

// ---------------------------------------------------------------- bench (Rule 9)

export interface BenchCandidate {
  id: number;
  name: string;
  /** Minutes of the smallest path to eligibility (Rule 9). */
  totalMinutes: number;
  /** Missing competencies no module teaches (field attestations). */
  untaught: number;
  /** Holds as many specialist seats as the cap allows: the gate would refuse them this one. */
  atCap?: boolean;
}

/**
 * The next people to train: those the gate could seat first (not at the seat cap, Rule 17),
 * then the smallest path (Rule 9), then fewer attestations still needed, then by name so the
 * order is stable.
 */
export function benchOrder<C extends BenchCandidate>(candidates: readonly C[]): C[] {
  return [...candidates].sort(
    (a, b) =>
      Number(a.atCap ?? false) - Number(b.atCap ?? false) ||
      a.totalMinutes - b.totalMinutes ||
      a.untaught - b.untaught ||
      a.name.localeCompare(b.name),
  );
}

// ---------------------------------------------------------------- what-if (Rule 5)

export interface HolderFacts {
  userId: number;
  /** Competencies the holder has active attainments of now. */
  heldCompetencyIds: readonly number[];
}

/**
 * The new requirements a holder does not hold: they would not meet them at renewal without
 * training. Their certification itself stays valid to its expiry (Rule 5).
 */
export function missingAtRenewal(holder: HolderFacts, newRequirementIds: readonly number[]): number[] {
  const held = new Set(holder.heldCompetencyIds);
  return [...new Set(newRequirementIds)].filter((id) => !held.has(id)).sort((a, b) => a - b);
}

export interface WhatIfCell {
  territoryId: number;
  technologyId: number;
  targets: Targets;
  /** The cell's assignments; `affected` when its holder would not meet the new requirements. */
  assignments: readonly (Holding & { affected: boolean })[];
}

export interface CellImpact {
  territoryId: number;
  technologyId: number;
  /** When the cell would lapse if the affected holders cannot renew (others renew). */
  lapsesAt: Date;
}

/**
 * Cells that would lapse because of the change: every unaffected holding is assumed renewed
 * (it never lapses), affected ones lapse at their own lapse instant. Cells already not held
 * now are not the change's doing and are left out.
 */
export function cellImpacts(cells: readonly WhatIfCell[], now: Date): CellImpact[] {
  const impacts: CellImpact[] = [];
  for (const cell of cells) {
    if (!cell.assignments.some((a) => a.affected)) continue;
    const holdings = cell.assignments
      .filter((a) => a.lapsesAt > now.getTime())
      .map((a) => ({ role: a.role, lapsesAt: a.affected ? a.lapsesAt : Infinity }));
    const lapsesAt = cellLapseInstant(holdings, cell.targets, now);
    if (lapsesAt && lapsesAt.getTime() > now.getTime())
      impacts.push({ territoryId: cell.territoryId, technologyId: cell.technologyId, lapsesAt });
  }
  return impacts.sort((a, b) => a.lapsesAt.getTime() - b.lapsesAt.getTime());
}

/** Territories by the number of cells the change puts at risk, most first (ties by id). */
export function mostAffectedTerritories(impacts: readonly CellImpact[], limit = 5) {
  const counts = new Map<number, number>();
  for (const i of impacts) counts.set(i.territoryId, (counts.get(i.territoryId) ?? 0) + 1);
  return [...counts.entries()]
    .map(([territoryId, cells]) => ({ territoryId, cells }))
    .sort((a, b) => b.cells - a.cells || a.territoryId - b.territoryId)
    .slice(0, limit);
}
