/**
 * Revocation blocks (DESIGN.md Rule 12, docs/decisions/024): written in the revocation's
 * transaction, read by the certification engine, the person record, the learner's
 * dashboard and the path to eligibility; lifted once, by an admin, with a reason, audited.
 */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { certificationBlocks, certificationPrograms, certifications, technologies, users } from "#db/schema";
import { blockedPrograms, type BlockableProgram } from "~/domain/blocks";
import { conflict, invalid, notFound } from "~/utils/refusal";
import { recordAudit } from "./audit.server";

/** Programs (of those given) the person may not be issued automatically now. */
export function blockedProgramIds(
  tx: Database | Transaction,
  userId: number,
  programs: readonly BlockableProgram[],
): Set<number> {
  if (programs.length === 0) return new Set();
  const technologyIds = [...new Set(programs.map((p) => p.technologyId))];
  const sameTechnology = tx
    .select({
      id: certificationPrograms.id,
      technologyId: certificationPrograms.technologyId,
      level: certificationPrograms.level,
    })
    .from(certificationPrograms)
    .where(inArray(certificationPrograms.technologyId, technologyIds))
    .all();
  const active = new Set(
    tx
      .select({ programId: certificationBlocks.programId })
      .from(certificationBlocks)
      .where(and(eq(certificationBlocks.userId, userId), isNull(certificationBlocks.liftedAt)))
      .all()
      .map((b) => b.programId),
  );
  if (active.size === 0) return new Set();
  const blocked = blockedPrograms(sameTechnology, active);
  return new Set(programs.filter((p) => blocked.has(p.id)).map((p) => p.id));
}

/** Called by the revocation, in its transaction. A second revocation keeps the open block. */
export function blockReissue(
  tx: Transaction,
  input: { userId: number; programId: number; certificationId: number; reason: string; actorId: number },
  now: Date,
): void {
  tx.insert(certificationBlocks)
    .values({ ...input, createdById: input.actorId, createdAt: now })
    .onConflictDoNothing()
    .run();
}

const lifter = alias(users, "lifter");

/** A person's blocks, open ones first, with the program and who lifted them. */
export function listBlocksOf(db: Database, userId: number) {
  return db
    .select({
      id: certificationBlocks.id,
      programId: certificationBlocks.programId,
      program: certificationPrograms.name,
      level: certificationPrograms.level,
      technologyId: certificationPrograms.technologyId,
      technology: technologies.name,
      credentialId: certifications.credentialId,
      createdAt: certificationBlocks.createdAt,
      reason: certificationBlocks.reason,
      liftedAt: certificationBlocks.liftedAt,
      liftReason: certificationBlocks.liftReason,
      liftedBy: lifter.name,
    })
    .from(certificationBlocks)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certificationBlocks.programId))
    .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
    .innerJoin(certifications, eq(certifications.id, certificationBlocks.certificationId))
    .leftJoin(lifter, eq(lifter.id, certificationBlocks.liftedById))
    .where(eq(certificationBlocks.userId, userId))
    .orderBy(desc(isNull(certificationBlocks.liftedAt)), desc(certificationBlocks.createdAt))
    .all();
}

/**
 * An admin lifts a block with a reason. Nothing is issued by the lift itself: the program
 * is issued again under the normal rule at the person's next attainment.
 */
export function liftBlock(
  db: Database,
  input: { blockId: number; holderId: number; actorId: number; reason: string },
  now: Date,
): void {
  const reason = input.reason.trim();
  if (reason.length < 5)
    throw invalid("Say why the block is lifted (at least a few words): it is kept in the audit log.", {
      field: "reason",
    });
  writeTransaction(db, (tx) => {
    const block = tx
      .select()
      .from(certificationBlocks)
      .where(and(eq(certificationBlocks.id, input.blockId), eq(certificationBlocks.userId, input.holderId)))
      .get();
    if (!block) throw notFound("No such block on this person.");
    if (block.liftedAt) throw conflict("This block has already been lifted.");
    tx.update(certificationBlocks)
      .set({ liftedAt: now, liftedById: input.actorId, liftReason: reason })
      .where(eq(certificationBlocks.id, block.id))
      .run();
    recordAudit(tx, {
      at: now,
      actorId: input.actorId,
      action: "certification.block-lifted",
      subjectUserId: input.holderId,
      entityType: "certification",
      entityId: block.certificationId,
      reason,
      details: { programId: block.programId, blockId: block.id },
    });
  });
}
