/**
 * The 12-month coverage forecast (DESIGN.md Rule 17): every territory × technology cell
 * month by month from its assignments' expiry dates, grace periods and renewals already
 * issued, assuming nobody else certifies. Read-time arithmetic over the same spans as the
 * heatmap (the coverage slice, decision 083); nothing is stored.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { specialistAssignments, technologies } from "#db/schema";
import {
  cellLapseInstant,
  forecastCoverage,
  forecastMonths,
  holdingsOf,
  monthIndexOf,
  type ForecastCell,
} from "~/domain/planning";
import { coverageSlice, type CoverageSlice } from "./coverage.server";
import { assignmentSpanSql, toSpan } from "./qualifying-certification.server";

/** The overview's chart: covered / at risk / lapsed cells at the end of each month. */
export function getForecast(db: Database, now: Date) {
  return forecastOf(coverageSlice(db, {}, now), now);
}

/**
 * The forecast of a coverage slice (decision 083): the spans already read for the heatmap and
 * the tiles, each cell's turning points computed once (`forecastCoverage`).
 */
export function forecastOf(slice: CoverageSlice, now: Date) {
  const targets = new Map(
    slice.technologies.map((t) => [t.id, { specialists: t.targetSpecialists, leads: t.targetLeads }]),
  );
  const cells: ForecastCell[] = [];
  for (const cell of slice.held.values()) {
    const t = targets.get(cell.technologyId);
    if (t) cells.push({ assignments: cell.assignments, targets: t });
  }
  const totalCells = slice.territories.length * slice.technologies.length;
  // Cells nobody holds stay lapsed (or vacant) all year: counted, not computed.
  const empty = Math.max(0, totalCells - cells.length);
  const horizon = forecastMonths(now).at(-1)?.end.getTime() ?? now.getTime();
  const lapsingThisYear = cells.filter((c) => {
    const at = cellLapseInstant(holdingsOf(c.assignments), c.targets, now)?.getTime() ?? Infinity;
    return at > now.getTime() && at < horizon;
  }).length;
  return {
    points: forecastCoverage(cells, now).map((p) => ({ ...p, lapsed: p.lapsed + empty })),
    totalCells,
    lapsingThisYear,
  };
}

/** One cell: when it would lapse if nobody renews or certifies, and in which forecast month. */
export function getCellLapse(db: Database, territoryId: number, technologyId: number, now: Date) {
  const tech = db
    .select({ specialists: technologies.targetSpecialists, leads: technologies.targetLeads })
    .from(technologies)
    .where(eq(technologies.id, technologyId))
    .get();
  if (!tech) return null;
  const span = assignmentSpanSql(now);
  const assignments = db
    .select({ role: specialistAssignments.role, validUntil: span.validUntil, lapsesAt: span.lapsesAt })
    .from(specialistAssignments)
    .where(
      and(
        eq(specialistAssignments.territoryId, territoryId),
        eq(specialistAssignments.technologyId, technologyId),
        isNull(specialistAssignments.endedAt),
      ),
    )
    .all()
    .map((a) => ({ role: a.role, ...toSpan(a) }));
  const at = cellLapseInstant(holdingsOf(assignments), tech, now);
  const lapsesAt = at && at.getTime() > now.getTime() ? at : null;
  const month = lapsesAt ? monthIndexOf(lapsesAt, now) : null;
  return {
    /** Null when it is not held now (already a gap). */
    lapsesAt,
    heldNow: lapsesAt !== null,
    monthStart: month === null ? null : (forecastMonths(now)[month]?.start ?? null),
  };
}
