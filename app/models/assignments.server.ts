/**
 * Specialist assignments (DESIGN.md Rules 7–8). Gated: created only for a person holding an
 * active certification for the technology at the right level. Lapsed is derived from the
 * person's certifications at read time, never stored.
 */
import { and, asc, eq, isNull, not, sql } from "drizzle-orm";
import type { Database, Transaction } from "#db/client";
import {
  certificationPrograms,
  certifications,
  specialistAssignments,
  technologies,
  territories,
  users,
  type ProgramLevel,
} from "#db/schema";
import { isActive, levelQualifiesFor } from "~/domain/certification";
import { recordAudit } from "./audit.server";

export class AssignmentRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssignmentRefusedError";
  }
}

export interface NewAssignment {
  userId: number;
  technologyId: number;
  territoryId: number;
  role: ProgramLevel;
}

export function assignSpecialist(
  tx: Transaction,
  input: NewAssignment,
  actorId: number | null,
  now: Date,
): number {
  const held = tx
    .select({
      level: certificationPrograms.level,
      issuedAt: certifications.issuedAt,
      expiresAt: certifications.expiresAt,
      revokedAt: certifications.revokedAt,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(
      and(
        eq(certifications.userId, input.userId),
        eq(certificationPrograms.technologyId, input.technologyId),
      ),
    )
    .all();
  const qualified = held.some((c) => levelQualifiesFor(c.level, input.role) && isActive(c, now));
  if (!qualified) {
    throw new AssignmentRefusedError(
      `This person holds no active ${input.role} certification for this technology.`,
    );
  }
  const row = tx
    .insert(specialistAssignments)
    .values({ ...input, startedAt: now, assignedById: actorId })
    .returning({ id: specialistAssignments.id })
    .get();
  recordAudit(tx, {
    at: now,
    actorId,
    action: "assignment.created",
    subjectUserId: input.userId,
    entityType: "assignment",
    entityId: row.id,
    details: { technologyId: input.technologyId, territoryId: input.territoryId, role: input.role },
  });
  return row.id;
}

/**
 * SQL for "this assignment's person holds an active certification that qualifies for its
 * role at `now`" — the same rule as `levelQualifiesFor` + `isActive`, evaluated in the
 * database so counts stay one indexed query at any size. Outer columns are written fully
 * qualified: drizzle leaves them bare in single-table queries, where the subquery's own
 * tables would capture them.
 */
function qualifiesSql(now: Date) {
  const t = now.getTime();
  return sql`exists (
    select 1 from certifications c
    join certification_programs p on p.id = c.program_id
    where c.user_id = "specialist_assignments"."user_id"
      and p.technology_id = "specialist_assignments"."technology_id"
      and (p.level = "specialist_assignments"."role" or p.level = 'lead')
      and c.revoked_at is null and c.issued_at <= ${t} and c.expires_at > ${t}
  )`;
}

export function countAssignments(db: Database, now: Date) {
  const row = db
    .select({
      active: sql<number>`count(*)`,
      lapsed: sql<number>`coalesce(sum(case when ${qualifiesSql(now)} then 0 else 1 end), 0)`,
    })
    .from(specialistAssignments)
    .where(isNull(specialistAssignments.endedAt))
    .get();
  return { active: row?.active ?? 0, lapsed: row?.lapsed ?? 0 };
}

/** Active assignments whose person no longer holds a qualifying certification (Rule 8). */
export function listLapsedAssignments(db: Database, now: Date, limit: number) {
  return db
    .select({
      id: specialistAssignments.id,
      person: users.name,
      technology: technologies.name,
      territory: territories.name,
      role: specialistAssignments.role,
    })
    .from(specialistAssignments)
    .innerJoin(users, eq(users.id, specialistAssignments.userId))
    .innerJoin(technologies, eq(technologies.id, specialistAssignments.technologyId))
    .innerJoin(territories, eq(territories.id, specialistAssignments.territoryId))
    .where(and(isNull(specialistAssignments.endedAt), not(qualifiesSql(now))))
    .orderBy(asc(territories.name), asc(technologies.name))
    .limit(limit)
    .all();
}
