/**
 * "This assignment's person holds a certification that qualifies for its seat" as SQL: the
 * same rule as `levelQualifiesFor` + `isActive` in app/domain/certification.ts, evaluated in
 * the database so that coverage counts and lists stay one indexed query at any size. Written
 * once here and used wherever an assignment row is read (coverage, people, assignments).
 *
 * The fragments are correlated subqueries over an outer `specialist_assignments` row; outer
 * columns are written fully qualified because drizzle leaves them bare in single-table
 * queries, where the subquery's own tables would capture them (docs/decisions 009).
 */
import { sql } from "drizzle-orm";

/** Certifications of the outer assignment's person that could hold its seat (any dates). */
function qualifyingCertifications(now: Date) {
  return sql`from certifications c
    join certification_programs p on p.id = c.program_id
    where c.user_id = "specialist_assignments"."user_id"
      and p.technology_id = "specialist_assignments"."technology_id"
      and (p.level = "specialist_assignments"."role" or p.level = 'lead')
      and c.revoked_at is null and c.issued_at <= ${now.getTime()}`;
}

/** The latest expiry among them (null when there is none): how long the seat is covered. */
export function qualifyingValidUntilSql(now: Date) {
  return sql<number | null>`(select max(c.expires_at) ${qualifyingCertifications(now)})`;
}

/** True when one of them is active at `now`: the assignment is not lapsed. */
export function qualifiesSql(now: Date) {
  return sql<boolean>`exists (select 1 ${qualifyingCertifications(now)} and c.expires_at > ${now.getTime()})`;
}
