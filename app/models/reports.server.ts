/**
 * Report rows for the CSV exports, read in keyset-paginated chunks (id > last, limit n):
 * each chunk is one short indexed query, so exporting 100,000 people never holds a
 * statement open or the whole result in memory.
 */
import { asc, eq, gt } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { specialistAssignments, technologies, territories, users } from "#db/schema";
import { assignmentState } from "~/domain/coverage";
import { assignmentSpanSql, toSpan } from "./qualifying-certification.server";
import { getCoverage } from "./coverage.server";

const CHUNK = 2000;

function isoDate(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 10) : "";
}

export const CERTIFICATION_HEADER = [
  "person",
  "email",
  "territory",
  "technology",
  "program",
  "level",
  "status",
  "issued",
  "expires",
  "credential_id",
];

/**
 * One row per person × program they have been certified in, with today's status: the
 * certification that counts (an active one expiring last, else the latest issued — the
 * rule of `currentCertification`) and its status (`certificationStatus`), both written in
 * SQL here so a 150,000-row export streams at close to SQLite's own speed. A model test
 * checks these rows against the domain functions.
 */
export function certificationRows(db: Database, now: Date) {
  const t = now.getTime();
  const statement = db.$client
    .prepare(
      `with chunk as (
         select distinct user_id from certifications where user_id > @after order by user_id limit @size
       ),
       ranked as (
         select c.*, row_number() over (
           partition by c.user_id, c.program_id
           order by (c.revoked_at is null and c.issued_at <= @now and c.expires_at > @now) desc,
             case when c.revoked_at is null and c.issued_at <= @now and c.expires_at > @now then c.expires_at end desc,
             c.issued_at desc
         ) as rn
         from certifications c where c.user_id in (select user_id from chunk)
       )
       select u.name, u.email, coalesce(t.name, ''), te.name, p.name, p.level,
         case when r.revoked_at is not null and r.revoked_at <= @now then 'revoked'
              when r.issued_at > @now then 'not-yet-valid'
              when r.expires_at <= @now then 'expired'
              else 'active' end,
         strftime('%Y-%m-%d', r.issued_at / 1000, 'unixepoch'),
         strftime('%Y-%m-%d', r.expires_at / 1000, 'unixepoch'),
         r.credential_id, r.user_id
       from ranked r
       join users u on u.id = r.user_id
       left join territories t on t.id = u.territory_id
       join certification_programs p on p.id = r.program_id
       join technologies te on te.id = p.technology_id
       where r.rn = 1
       order by r.user_id, r.program_id`,
    )
    .raw(true);
  let after = 0;
  return (): string[][] => {
    const rows = statement.all({ after, size: CHUNK, now: t }) as (string | number)[][];
    if (rows.length === 0) return [];
    after = Number(rows[rows.length - 1]?.[10] ?? after);
    return rows.map((r) => r.slice(0, 10).map(String));
  };
}

export const ASSIGNMENT_HEADER = [
  "person",
  "email",
  "territory",
  "technology",
  "role",
  "state",
  "started",
  "ended",
  "certified_until",
  "lapses",
];

/** Every assignment with its state today: covered, at risk, in grace (until `lapses`), lapsed. */
export function assignmentRows(db: Database, now: Date) {
  const span = assignmentSpanSql(now);
  let lastId = 0;
  return (): string[][] => {
    const rows = db
      .select({
        id: specialistAssignments.id,
        person: users.name,
        email: users.email,
        territory: territories.name,
        technology: technologies.name,
        role: specialistAssignments.role,
        startedAt: specialistAssignments.startedAt,
        endedAt: specialistAssignments.endedAt,
        validUntil: span.validUntil,
        lapsesAt: span.lapsesAt,
      })
      .from(specialistAssignments)
      .innerJoin(users, eq(users.id, specialistAssignments.userId))
      .innerJoin(territories, eq(territories.id, specialistAssignments.territoryId))
      .innerJoin(technologies, eq(technologies.id, specialistAssignments.technologyId))
      .where(gt(specialistAssignments.id, lastId))
      .orderBy(asc(specialistAssignments.id))
      .limit(CHUNK)
      .all();
    if (rows.length === 0) return [];
    lastId = rows[rows.length - 1]?.id ?? lastId;
    return rows.map((r) => {
      const dates = toSpan(r);
      const state = r.endedAt ? "ended" : assignmentState(dates, now);
      return [
        r.person,
        r.email,
        r.territory,
        r.technology,
        r.role,
        state,
        isoDate(r.startedAt),
        isoDate(r.endedAt),
        isoDate(dates.validUntil),
        r.endedAt ? "" : isoDate(dates.lapsesAt),
      ];
    });
  };
}

export const COVERAGE_HEADER = [
  "region",
  "territory",
  "technology",
  "status",
  "certified_people",
  "leads",
  "in_grace_assignments",
  "lapsed_assignments",
  "covered_until",
  "grace_ends",
];

export function coverageRows(db: Database, now: Date) {
  let done = false;
  return (): string[][] => {
    if (done) return [];
    done = true;
    const coverage = getCoverage(db, {}, now);
    return coverage.territories.flatMap((territory) =>
      coverage.technologies.map((tech) => {
        const cell = coverage.cells[`${territory.id}:${tech.id}`];
        return [
          territory.region,
          territory.name,
          tech.name,
          cell?.status ?? "",
          String(cell?.specialists ?? 0),
          String(cell?.leads ?? 0),
          String(cell?.inGrace ?? 0),
          String(cell?.lapsed ?? 0),
          isoDate(cell?.coveredUntil),
          isoDate(cell?.graceEndsAt),
        ];
      }),
    );
  };
}
