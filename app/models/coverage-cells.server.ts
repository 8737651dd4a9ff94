/**
 * The heatmap's assignments with their spans, as one aggregate (issue #19, decision 103):
 * every active assignment of the chosen territories × technologies joined once to the
 * certifications that could hold its seat and grouped by assignment, instead of three
 * correlated subqueries per assignment (`assignmentSpanSql`). The rules are the same as
 * `assignmentSpanSql` (app/models/qualifying-certification.server.ts), which stays the
 * reference: a unit test checks this query against it at several `now`s. Nothing is stored:
 * the spans are computed from the certification dates at `now` on every call.
 *
 * - `validUntil`: latest expiry of a qualifying certification issued by `now`, not revoked;
 * - `lapsesAt`: `validUntil` + the seat program's grace period, or the revocation instant when
 *   a revocation is the latest event (no grace).
 *
 * The SQL text is fixed (id lists travel as JSON), so it is prepared once per connection.
 */
import type { Database } from "#db/client.server";
import { prepared } from "#db/prepared.server";
import type { CellAssignment } from "~/domain/coverage";
import { DAY_MS } from "~/domain/time";

// A certification qualifies for the seat when its program is the seat's technology at the
// seat's level, or lead (a lead also holds a specialist seat).
const QUALIFIES = `(p.technology_id = sa.technology_id and (p.level = sa.role or p.level = 'lead'))`;
const ISSUED = `c.issued_at <= @now`;
const HELD = `(c.revoked_at is null or c.revoked_at > @now)`;
const VALID_UNTIL = `max(case when ${QUALIFIES} and ${ISSUED} and ${HELD} then c.expires_at end)`;
const REVOKED = `max(case when ${QUALIFIES} and ${ISSUED} and not ${HELD} then c.revoked_at end)`;
// The first issue or revocation of a qualifying certification after `now`: until then the
// spans stay as read (decision 084).
const NEXT_EVENT = `min(case when ${QUALIFIES} and c.issued_at > @now then c.issued_at
  when ${QUALIFIES} and c.revoked_at > @now then c.revoked_at end)`;

// The person's certifications are joined by person alone (the covering user index) and sorted
// out by program in the aggregate: cheaper than joining the qualifying programs first.
const CELL_SPANS = `select sa.id, sa.territory_id, sa.technology_id, sa.role,
    ${VALID_UNTIL} as valid_until,
    case when ${VALID_UNTIL} is null then null
      when ${REVOKED} >= ${VALID_UNTIL} then ${REVOKED}
      else ${VALID_UNTIL} + coalesce(sp.grace_days, 0) * ${DAY_MS} end as lapses_at,
    ${NEXT_EVENT} as next_event
  from specialist_assignments sa
  left join certification_programs sp on sp.technology_id = sa.technology_id and sp.level = sa.role
  left join certifications c on c.user_id = sa.user_id
  left join certification_programs p on p.id = c.program_id
  where sa.ended_at is null
    and sa.territory_id in (select value from json_each(@territories))
    and sa.technology_id in (select value from json_each(@technologies))
  group by sa.id`;

type Row = [
  id: number,
  territoryId: number,
  technologyId: number,
  role: CellAssignment["role"],
  validUntil: number | null,
  lapsesAt: number | null,
  nextEvent: number | null,
];

export interface CellAssignmentRow extends CellAssignment {
  /** The assignment's id. */
  id: number;
  territoryId: number;
  technologyId: number;
}

/**
 * Active assignments of these territories × technologies, each with its span at `now`, and
 * `changesAt`: the first instant after `now` at which a qualifying certification is issued
 * or revoked (Infinity: none is dated later), until which the spans stay as read.
 */
export function cellAssignments(
  db: Database,
  territoryIds: readonly number[],
  technologyIds: readonly number[],
  now: Date,
): { assignments: CellAssignmentRow[]; changesAt: number } {
  if (territoryIds.length === 0 || technologyIds.length === 0)
    return { assignments: [], changesAt: Infinity };
  const statement = prepared(db, "coverage.cellAssignments", (d) => d.$client.prepare(CELL_SPANS).raw());
  const rows = statement.all({
    now: now.getTime(),
    territories: JSON.stringify(territoryIds),
    technologies: JSON.stringify(technologyIds),
  }) as Row[];
  let changesAt = Infinity;
  const assignments = rows.map(([id, territoryId, technologyId, role, validUntil, lapsesAt, nextEvent]) => {
    if (nextEvent !== null && nextEvent < changesAt) changesAt = nextEvent;
    return {
      id,
      territoryId,
      technologyId,
      role,
      validUntil: validUntil === null ? null : new Date(validUntil),
      lapsesAt: lapsesAt === null ? null : new Date(lapsesAt),
    };
  });
  return { assignments, changesAt };
}
