/** Attainments: a person holds a competency from a date until an expiry (Rules 1–2). */
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { attainments, competencies, technologies, territories, userRoles, users } from "#db/schema";
import { addMonths } from "~/domain/time";
import { recordAudit } from "./audit.server";
import { issueEarnedCertifications } from "./certifications.server";
import { supersedeNewAttainments } from "./recertification.server";
import { ftsQuery } from "./people.server";
import { invalid, notFound } from "~/utils/refusal";

export interface ImportedAttainment {
  userId: number;
  competencyId: number;
  attainedAt: Date;
  evidence: string;
}

/**
 * Records attainments carried over from earlier training records (CSV imports, the demo
 * history). Each expires after its competency's validity and is audited as a grant.
 */
export function importAttainments(
  tx: Transaction,
  rows: readonly ImportedAttainment[],
  actorId: number | null,
  now: Date,
): void {
  if (rows.length === 0) return;
  const validity = new Map(
    tx
      .select({ id: competencies.id, months: competencies.validityMonths })
      .from(competencies)
      .where(inArray(competencies.id, [...new Set(rows.map((r) => r.competencyId))]))
      .all()
      .map((c) => [c.id, c.months]),
  );
  for (const row of rows) {
    const months = validity.get(row.competencyId);
    if (months === undefined) throw new Error(`Unknown competency ${row.competencyId}`);
    const inserted = tx
      .insert(attainments)
      .values({
        userId: row.userId,
        competencyId: row.competencyId,
        source: "import",
        evidence: row.evidence,
        attainedAt: row.attainedAt,
        expiresAt: addMonths(row.attainedAt, months),
      })
      .returning({ id: attainments.id })
      .get();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "attainment.imported",
      subjectUserId: row.userId,
      entityType: "attainment",
      entityId: inserted.id,
      reason: row.evidence,
      details: { competencyId: row.competencyId, attainedAt: row.attainedAt.toISOString() },
    });
  }
  // An imported record from before a major revision counts only until its deadline.
  for (const userId of new Set(rows.map((r) => r.userId)))
    supersedeNewAttainments(
      tx,
      userId,
      rows.filter((r) => r.userId === userId).map((r) => r.competencyId),
    );
}

export interface Attestation {
  userId: number;
  competencyId: number;
  attestedById: number;
  evidence: string;
  at: Date;
}

/** Rule 2: a `field` competency is attained by attestation, with written evidence. */
export function recordAttestation(tx: Transaction, input: Attestation): number {
  const competency = tx
    .select({ months: competencies.validityMonths })
    .from(competencies)
    .where(inArray(competencies.id, [input.competencyId]))
    .get();
  if (!competency) throw notFound("No such competency.", { field: "competencyId" });
  const evidence = input.evidence.trim();
  if (evidence.length === 0)
    throw invalid("An attestation needs a written note as evidence.", { field: "evidence" });
  const row = tx
    .insert(attainments)
    .values({
      userId: input.userId,
      competencyId: input.competencyId,
      source: "attestation",
      attestedById: input.attestedById,
      evidence,
      attainedAt: input.at,
      expiresAt: addMonths(input.at, competency.months),
    })
    .returning({ id: attainments.id })
    .get();
  recordAudit(tx, {
    at: input.at,
    actorId: input.attestedById,
    action: "attainment.attested",
    subjectUserId: input.userId,
    entityType: "attainment",
    entityId: row.id,
    reason: evidence,
    details: { competencyId: input.competencyId },
  });
  return row.id;
}

/**
 * Attests a `field` competency for a learner and, in the same transaction, issues every
 * certification that completes (Rules 2 and 3). Returns the programs issued.
 */
export function attestFieldCompetency(db: Database, input: Attestation) {
  return writeTransaction(db, (tx) => {
    const competency = tx.select().from(competencies).where(eq(competencies.id, input.competencyId)).get();
    if (!competency || competency.kind !== "field")
      throw invalid("Only field competencies are attested; the others are attained by passing a module.", {
        field: "competencyId",
      });
    const learner = tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "learner")))
      .where(and(eq(users.id, input.userId), isNull(users.disabledAt)))
      .get();
    if (!learner) throw invalid("That person is not an active partner manager.");
    recordAttestation(tx, input);
    return issueEarnedCertifications(tx, input.userId, [input.competencyId], input.at, input.attestedById);
  });
}

/** Learners matching a search, for pickers (name or email). */
export function searchLearners(db: Database, query: string, limit = 20) {
  const match = ftsQuery(query);
  if (!match) return [];
  return db
    .select({ id: users.id, name: users.name, email: users.email, territory: territories.name })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "learner")))
    .leftJoin(territories, eq(territories.id, users.territoryId))
    .where(
      and(
        isNull(users.disabledAt),
        sql`${users.id} in (select rowid from users_fts where users_fts match ${match})`,
      ),
    )
    .orderBy(asc(users.name))
    .limit(limit)
    .all();
}

/** A learner's field competencies across technologies, with their current standing. */
export function fieldCompetenciesOf(db: Database, userId: number, now: Date) {
  const person = db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!person) return undefined;
  const fields = db
    .select({ id: competencies.id, name: competencies.name, technology: technologies.name })
    .from(competencies)
    .innerJoin(technologies, eq(technologies.id, competencies.technologyId))
    .where(eq(competencies.kind, "field"))
    .orderBy(asc(technologies.name))
    .all();
  const held = db
    .select({ competencyId: attainments.competencyId, expiresAt: attainments.expiresAt })
    .from(attainments)
    .where(and(eq(attainments.userId, userId), gt(attainments.expiresAt, now)))
    .all();
  return {
    person,
    competencies: fields.map((f) => {
      const until = held.filter((h) => h.competencyId === f.id).map((h) => h.expiresAt.getTime());
      return { ...f, heldUntil: until.length > 0 ? new Date(Math.max(...until)) : null };
    }),
  };
}
