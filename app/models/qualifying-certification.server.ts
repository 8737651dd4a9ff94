/**
 * "This assignment's person holds a certification that qualifies for its seat" as SQL: the
 * same rules as `levelQualifiesFor` + `isActive` in app/domain/certification.ts and the grace
 * rule of `assignmentSpan` + `assignmentState` (app/domain/lifecycle.ts, coverage.ts),
 * evaluated in the database so that coverage counts and lists stay one indexed query at any
 * size (docs/decisions 005). Written once here and used wherever an assignment row is read
 * (coverage, people, assignments, reports, the digest); a model test checks it against the
 * domain functions.
 *
 * The fragments are correlated subqueries over an outer `specialist_assignments` row; outer
 * columns are written fully qualified because drizzle leaves them bare in single-table
 * queries, where the subquery's own tables would capture them (docs/decisions 009).
 */
import { sql } from "drizzle-orm";
import { AT_RISK_DAYS } from "~/domain/certification";
import type { AssignmentSpan, AssignmentState } from "~/domain/coverage";
import { addDays, DAY_MS } from "~/domain/time";

/** Certifications of the outer assignment's person that could hold its seat, issued by `now`. */
function qualifyingCertifications(now: Date) {
  return sql`from certifications c
    join certification_programs p on p.id = c.program_id
    where c.user_id = "specialist_assignments"."user_id"
      and p.technology_id = "specialist_assignments"."technology_id"
      and (p.level = "specialist_assignments"."role" or p.level = 'lead')
      and c.issued_at <= ${now.getTime()}`;
}

/** Not revoked at `now`. */
function heldSql(now: Date) {
  return sql`(c.revoked_at is null or c.revoked_at > ${now.getTime()})`;
}

/** The latest expiry among them (null when there is none): how long the seat is covered. */
export function qualifyingValidUntilSql(now: Date) {
  return sql<number | null>`(select max(c.expires_at) ${qualifyingCertifications(now)} and ${heldSql(now)})`;
}

/** True when one of them is active at `now`: the assignment is covered or at risk. */
export function qualifiesSql(now: Date) {
  return sql<boolean>`exists (select 1 ${qualifyingCertifications(now)} and ${heldSql(now)} and c.expires_at > ${now.getTime()})`;
}

/**
 * An assignment's span and state at `now`:
 * - `validUntil`: latest expiry of a qualifying certification issued by `now`, not revoked;
 * - `lapsesAt`: `validUntil` + the seat program's grace period, or the revocation instant
 *   when a revocation is the latest event (no grace);
 * - `state`: covered / at-risk / in-grace / lapsed.
 */
export function assignmentSpanSql(now: Date) {
  const t = now.getTime();
  const qualifying = qualifyingCertifications(now);
  const held = heldSql(now);
  const validUntil = qualifyingValidUntilSql(now);
  const graceMs = sql`coalesce((select sp.grace_days from certification_programs sp
    where sp.technology_id = "specialist_assignments"."technology_id"
      and sp.level = "specialist_assignments"."role"), 0) * ${DAY_MS}`;
  const lapsesAt = sql<number | null>`(select case
      when max(case when ${held} then c.expires_at end) is null then null
      when max(case when not ${held} then c.revoked_at end) >= max(case when ${held} then c.expires_at end)
        then max(case when not ${held} then c.revoked_at end)
      else max(case when ${held} then c.expires_at end) + ${graceMs} end
    ${qualifying})`;
  const state = sql<AssignmentState>`(case
      when ${validUntil} > ${t} then
        case when ${validUntil} <= ${addDays(now, AT_RISK_DAYS).getTime()} then 'at-risk' else 'covered' end
      when ${lapsesAt} > ${t} then 'in-grace'
      else 'lapsed' end)`;
  return { validUntil, lapsesAt, state };
}

/** An assignment's span as read from SQL (epoch milliseconds) into dates. */
export function toSpan(row: { validUntil: number | null; lapsesAt: number | null }): AssignmentSpan {
  return {
    validUntil: row.validUntil === null ? null : new Date(row.validUntil),
    lapsesAt: row.lapsesAt === null ? null : new Date(row.lapsesAt),
  };
}
