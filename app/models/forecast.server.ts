/**
 * The 12-month coverage forecast (DESIGN.md Rule 17): every territory × technology cell
 * month by month from its assignments' expiry dates, grace periods and renewals already
 * issued, assuming nobody else certifies. Read-time arithmetic over the same spans as the
 * heatmap (`assignmentSpanSql`); nothing is stored.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { specialistAssignments, technologies, territories } from "#db/schema";
import type { CertificationFact } from "~/domain/certification";
import type { CellAssignment } from "~/domain/coverage";
import { assignmentSpan } from "~/domain/lifecycle";
import {
  cellLapseInstant,
  forecastCoverage,
  forecastMonths,
  holdingsOf,
  monthIndexOf,
  type ForecastCell,
} from "~/domain/planning";
import { assignmentSpanSql, toSpan } from "./qualifying-certification.server";

/** The overview's chart: covered / at risk / lapsed cells at the end of each month. */
export function getForecast(db: Database, now: Date) {
  const territoryCount =
    db
      .select({ n: sql<number>`count(*)` })
      .from(territories)
      .get()?.n ?? 0;
  const techs = db
    .select({
      id: technologies.id,
      specialists: technologies.targetSpecialists,
      leads: technologies.targetLeads,
    })
    .from(technologies)
    .all();
  const targets = new Map(techs.map((t) => [t.id, { specialists: t.specialists, leads: t.leads }]));
  // One join instead of the per-assignment span subqueries: each active assignment with the
  // qualifying certifications of its person (same technology; the seat's level, or lead),
  // spans then computed by the domain's own rule (`assignmentSpan`, Rule 8).
  const rows = db.all<{
    id: number;
    territoryId: number;
    technologyId: number;
    role: "specialist" | "lead";
    issuedAt: number;
    expiresAt: number;
    revokedAt: number | null;
    graceDays: number | null;
  }>(sql`select a.id as id, a.territory_id as territoryId, a.technology_id as technologyId, a.role as role,
      c.issued_at as issuedAt, c.expires_at as expiresAt, c.revoked_at as revokedAt, sp.grace_days as graceDays
    from specialist_assignments a
    join certification_programs p on p.technology_id = a.technology_id and (p.level = a.role or p.level = 'lead')
    join certifications c on c.user_id = a.user_id and c.program_id = p.id and c.issued_at <= ${now.getTime()}
    left join certification_programs sp on sp.technology_id = a.technology_id and sp.level = a.role
    where a.ended_at is null`);
  const byAssignment = new Map<number, { row: (typeof rows)[number]; certs: CertificationFact[] }>();
  for (const r of rows) {
    const entry = byAssignment.get(r.id) ?? { row: r, certs: [] };
    entry.certs.push({
      issuedAt: new Date(r.issuedAt),
      expiresAt: new Date(r.expiresAt),
      revokedAt: r.revokedAt === null ? null : new Date(r.revokedAt),
    });
    byAssignment.set(r.id, entry);
  }
  const byCell = new Map<string, { technologyId: number; assignments: CellAssignment[] }>();
  for (const { row, certs } of byAssignment.values()) {
    const key = `${row.territoryId}:${row.technologyId}`;
    const cell = byCell.get(key) ?? { technologyId: row.technologyId, assignments: [] };
    cell.assignments.push({ role: row.role, ...assignmentSpan(certs, row.graceDays ?? 0, now) });
    byCell.set(key, cell);
  }
  const cells: ForecastCell[] = [...byCell.values()].flatMap((c) => {
    const t = targets.get(c.technologyId);
    return t ? [{ assignments: c.assignments, targets: t }] : [];
  });
  // Cells nobody holds stay lapsed (or vacant) all year: counted, not computed.
  const empty = Math.max(0, territoryCount * techs.length - cells.length);
  const horizon = forecastMonths(now).at(-1)?.end.getTime() ?? now.getTime();
  const lapsingThisYear = cells.filter((c) => {
    const at = cellLapseInstant(holdingsOf(c.assignments), c.targets, now)?.getTime() ?? Infinity;
    return at > now.getTime() && at < horizon;
  }).length;
  return {
    points: forecastCoverage(cells, now).map((p) => ({ ...p, lapsed: p.lapsed + empty })),
    totalCells: territoryCount * techs.length,
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
