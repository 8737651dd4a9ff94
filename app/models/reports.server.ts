/**
 * Report rows for the CSV exports, read in keyset-paginated chunks (id > last, limit n):
 * each chunk is one short indexed query, so exporting 100,000 people never holds a
 * statement open or the whole result in memory.
 */
import { asc, eq, gt } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { specialistAssignments, technologies, territories, users } from "#db/schema";
import { certificationStatus, currentCertification, type CertificationFact } from "~/domain/certification";
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
 * certification that counts (`currentCertification`) and its status (`certificationStatus`),
 * the domain rules themselves, applied to a plain indexed join read in chunks of people
 * (keyset on user id; a chunk ends at the last whole person). No window function or date
 * formatting in SQL: the export streams at close to SQLite's own iteration speed (issue #19).
 */
export function certificationRows(db: Database, now: Date, size = CHUNK) {
  const select = `select c.user_id, c.program_id, c.credential_id, c.issued_at, c.expires_at, c.revoked_at,
         u.name, u.email, coalesce(t.name, ''), te.name, p.name, p.level
       from certifications c
       join users u on u.id = c.user_id
       left join territories t on t.id = u.territory_id
       join certification_programs p on p.id = c.program_id
       join technologies te on te.id = p.technology_id`;
  const statement = db.$client
    // The limit is written into the SQL: with a bound limit SQLite's planner walks every user
    // after @after and sorts (3x slower on the large dataset).
    .prepare(`${select} where c.user_id > @after order by c.user_id, c.program_id limit ${Math.trunc(size)}`)
    .raw(true);
  const onePerson = db.$client.prepare(`${select} where c.user_id = ? order by c.program_id`).raw(true);
  let after = 0;
  return (): string[][] => {
    const rows = statement.all({ after }) as CertificationJoinRow[];
    if (rows.length === 0) return [];
    // A full chunk may end inside a person's rows: keep that person for the next chunk, or,
    // when the chunk is that one person, read all of theirs.
    const lastUser = rows[rows.length - 1]?.[0] ?? after;
    let whole = rows;
    if (rows.length === size && rows[0]?.[0] === lastUser)
      whole = onePerson.all(lastUser) as CertificationJoinRow[];
    else if (rows.length === size) whole = rows.filter((r) => r[0] !== lastUser);
    after = whole[whole.length - 1]?.[0] ?? lastUser;
    const out: string[][] = [];
    let group: CertificationFactRow[] = [];
    const flush = () => {
      const current = currentCertification(group, now);
      if (current) {
        const r = current.row;
        out.push([
          r[6],
          r[7],
          r[8],
          r[9],
          r[10],
          r[11],
          certificationStatus(current, now).status,
          isoDate(current.issuedAt),
          isoDate(current.expiresAt),
          r[2],
        ]);
      }
      group = [];
    };
    for (let i = 0; i < whole.length; i++) {
      const r = whole[i] as CertificationJoinRow;
      const previous = group[0]?.row;
      if (previous && (previous[0] !== r[0] || previous[1] !== r[1])) flush();
      group.push({
        row: r,
        issuedAt: new Date(r[3]),
        expiresAt: new Date(r[4]),
        revokedAt: r[5] === null ? null : new Date(r[5]),
      });
    }
    flush();
    return out;
  };
}

type CertificationJoinRow = [
  userId: number,
  programId: number,
  credentialId: string,
  issuedAt: number,
  expiresAt: number,
  revokedAt: number | null,
  name: string,
  email: string,
  territory: string,
  technology: string,
  program: string,
  level: string,
];

interface CertificationFactRow extends CertificationFact {
  row: CertificationJoinRow;
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
