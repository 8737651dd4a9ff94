/**
 * Specialist assignments (DESIGN.md Rules 7–8). Gated: created only for a person holding an
 * active certification for the technology at the right level. Lapsed is derived from the
 * person's certifications at read time, never stored.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  attainments,
  certificationPrograms,
  certifications,
  competencies,
  specialistAssignments,
  technologies,
  territories,
  users,
  type ProgramLevel,
} from "#db/schema";
import { seatEligibility } from "~/domain/certification";
import { DAY_MS } from "~/domain/time";
import type { AssignmentState } from "~/domain/coverage";
import { conflict, notFound } from "~/utils/refusal";
import { recordAudit } from "./audit.server";
import { assignmentEvent } from "./webhook-events.server";
import { assignmentSpanSql, toSpan } from "./qualifying-certification.server";
import { blockedProgramIds } from "./certification-blocks.server";
import { loadProgramRules } from "./certifications.server";
import { enforceSeatCap } from "./seat-caps.server";

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
  const territory = tx
    .select({ id: territories.id })
    .from(territories)
    .where(eq(territories.id, input.territoryId))
    .get();
  const technology = tx
    .select({ id: technologies.id })
    .from(technologies)
    .where(eq(technologies.id, input.technologyId))
    .get();
  if (!territory || !technology) throw notFound("No such territory or technology.");
  const person = tx
    .select({ name: users.name, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, input.userId))
    .get();
  if (!person || person.disabledAt)
    throw conflict("That person does not exist or is disabled.", {
      details: { reason: "person-unavailable" },
    });
  const certs = tx
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
  const programs = loadProgramRules(tx, [input.technologyId]);
  const held = tx
    .select({
      competencyId: attainments.competencyId,
      attainedAt: attainments.attainedAt,
      expiresAt: attainments.expiresAt,
    })
    .from(attainments)
    .where(eq(attainments.userId, input.userId))
    .all();
  const eligibility = seatEligibility(input.role, programs, certs, held, now);
  if (!eligibility.eligible) {
    const names = new Map(
      tx
        .select({ id: competencies.id, name: competencies.name })
        .from(competencies)
        .where(eq(competencies.technologyId, input.technologyId))
        .all()
        .map((c) => [c.id, c.name]),
    );
    const reasons = (state: "missing" | "expired") =>
      eligibility.missing
        .filter((m) => m.state === state)
        .map((m) => ({ competencyId: m.competencyId, name: names.get(m.competencyId) ?? "" }));
    const missing = reasons("missing").map((m) => m.name);
    const expired = reasons("expired").map((m) => m.name);
    // Rule 12: a revocation block on the seat's program (or the specialist program a lead
    // program includes) is the reason that counts: no module leads back until it is lifted.
    const seatProgram = programs.find((p) => p.level === input.role);
    const blocked = seatProgram ? blockedProgramIds(tx, input.userId, [seatProgram]).size > 0 : false;
    const parts = [
      `${person.name} holds no active ${input.role === "lead" ? "lead" : "specialist"} certification for this technology.`,
      missing.length > 0 ? `Missing: ${missing.join(", ")}.` : "",
      expired.length > 0 ? `Expired: ${expired.join(", ")}.` : "",
      blocked
        ? "A revoked certification blocks this program until an admin lifts the block on their record."
        : missing.length === 0 && expired.length === 0
          ? "Every competency is held: the certification was revoked or has expired and needs renewing."
          : "",
    ];
    throw conflict(parts.filter(Boolean).join(" "), {
      details: {
        reason: blocked ? "blocked" : "not-certified",
        missing: reasons("missing"),
        expired: reasons("expired"),
      },
    });
  }
  const existing = tx
    .select({ id: specialistAssignments.id })
    .from(specialistAssignments)
    .where(
      and(
        eq(specialistAssignments.userId, input.userId),
        eq(specialistAssignments.technologyId, input.technologyId),
        eq(specialistAssignments.territoryId, input.territoryId),
        isNull(specialistAssignments.endedAt),
      ),
    )
    .get();
  if (existing)
    throw conflict(`${person.name} is already assigned to this technology in this territory.`, {
      details: { reason: "already-assigned" },
    });
  // Rule 17: one seat too many at this level is refused with the reason.
  enforceSeatCap(tx, input.userId, input.role, person.name);
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
  assignmentEvent(tx, "assignment.created", row.id, now);
  return row.id;
}

/** An assignment as the cell page names it: its id and the cell it must belong to. */
export interface AssignmentInCell {
  assignmentId: number;
  territoryId: number;
  technologyId: number;
}

/**
 * Ends an active assignment of this cell. The cell is part of the query: an id from another
 * cell is "not here", whatever it is elsewhere.
 */
export function endAssignment(
  tx: Transaction,
  { assignmentId, territoryId, technologyId }: AssignmentInCell,
  actorId: number | null,
  reason: string,
  now: Date,
): void {
  const inCell = and(
    eq(specialistAssignments.id, assignmentId),
    eq(specialistAssignments.territoryId, territoryId),
    eq(specialistAssignments.technologyId, technologyId),
  );
  const ended = tx
    .update(specialistAssignments)
    .set({ endedAt: now, endedById: actorId })
    .where(and(inCell, isNull(specialistAssignments.endedAt)))
    .returning({
      userId: specialistAssignments.userId,
      technologyId: specialistAssignments.technologyId,
      territoryId: specialistAssignments.territoryId,
    })
    .get();
  if (!ended) {
    const exists = tx
      .select({ id: specialistAssignments.id })
      .from(specialistAssignments)
      .where(inCell)
      .get();
    throw exists
      ? conflict("That assignment had already ended.")
      : notFound("There is no such assignment in this territory and technology.");
  }
  recordAudit(tx, {
    at: now,
    actorId,
    action: "assignment.ended",
    subjectUserId: ended.userId,
    entityType: "assignment",
    entityId: assignmentId,
    reason: reason || null,
    details: { technologyId: ended.technologyId, territoryId: ended.territoryId },
  });
  assignmentEvent(tx, "assignment.ended", assignmentId, now);
}

/** Active assignments by state at `now`, in one query. */
export function countAssignments(db: Database, now: Date) {
  const { state } = assignmentSpanSql(now);
  const rows = db
    .select({ state: state.as("state"), n: sql<number>`count(*)` })
    .from(specialistAssignments)
    .where(isNull(specialistAssignments.endedAt))
    .groupBy(sql`1`)
    .all();
  const count = (s: AssignmentState) => rows.find((r) => r.state === s)?.n ?? 0;
  return {
    active: rows.reduce((sum, r) => sum + r.n, 0),
    covered: count("covered"),
    atRisk: count("at-risk"),
    inGrace: count("in-grace"),
    lapsed: count("lapsed"),
  };
}

/**
 * A cheap first filter for "in grace": a qualifying certification ended within the longest
 * grace period (one index probe, evaluated before the full state).
 */
function recentlyExpiredSql(db: Database, now: Date) {
  const longest =
    db
      .select({ days: sql<number | null>`max(${certificationPrograms.graceDays})` })
      .from(certificationPrograms)
      .get()?.days ?? 0;
  const t = now.getTime();
  return sql`exists (select 1 from certifications c join certification_programs p on p.id = c.program_id
    where c.user_id = "specialist_assignments"."user_id"
      and p.technology_id = "specialist_assignments"."technology_id"
      and c.expires_at > ${t - longest * DAY_MS} and c.expires_at <= ${t})`;
}

/** Active assignments in one state at `now` (lapsed or in grace, for the overview). */
export function listAssignmentsIn(db: Database, state: AssignmentState, now: Date, limit: number) {
  const span = assignmentSpanSql(now);
  return db
    .select({
      id: specialistAssignments.id,
      userId: specialistAssignments.userId,
      person: users.name,
      technology: technologies.name,
      territory: territories.name,
      role: specialistAssignments.role,
      validUntil: span.validUntil,
      lapsesAt: span.lapsesAt,
    })
    .from(specialistAssignments)
    .innerJoin(users, eq(users.id, specialistAssignments.userId))
    .innerJoin(technologies, eq(technologies.id, specialistAssignments.technologyId))
    .innerJoin(territories, eq(territories.id, specialistAssignments.territoryId))
    .where(
      and(
        isNull(specialistAssignments.endedAt),
        state === "in-grace" ? recentlyExpiredSql(db, now) : undefined,
        sql`${span.state} = ${state}`,
      ),
    )
    .orderBy(state === "in-grace" ? asc(span.lapsesAt) : asc(territories.name), asc(technologies.name))
    .limit(limit)
    .all()
    .map((a) => ({ ...a, ...toSpan(a) }));
}

/** Active assignments whose person no longer holds a qualifying certification (Rule 8). */
export function listLapsedAssignments(db: Database, now: Date, limit: number) {
  return listAssignmentsIn(db, "lapsed", now, limit);
}

/** The admin's "assign" action: gated, in its own immediate transaction. */
export function assignToCell(db: Database, input: NewAssignment, actorId: number, now: Date): number {
  return writeTransaction(db, (tx) => assignSpecialist(tx, input, actorId, now));
}

export function endAssignmentInCell(
  db: Database,
  assignment: AssignmentInCell,
  actorId: number,
  reason: string,
  now: Date,
): void {
  writeTransaction(db, (tx) => endAssignment(tx, assignment, actorId, reason, now));
}
