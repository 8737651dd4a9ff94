/** Attainments: a person holds a competency from a date until an expiry (Rules 1–2). */
import { inArray } from "drizzle-orm";
import type { Transaction } from "#db/client";
import { attainments, competencies } from "#db/schema";
import { addMonths } from "~/domain/time";
import { recordAudit } from "./audit.server";

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
  if (!competency) throw new Error(`Unknown competency ${input.competencyId}`);
  const evidence = input.evidence.trim();
  if (evidence.length === 0) throw new Error("An attestation needs a written note as evidence.");
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
