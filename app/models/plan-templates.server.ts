/**
 * Plan templates (DESIGN.md Rule 16): per program, a name, the usual duration in weeks and a
 * note, so that nominating thirty people is one action. Created and archived with an audit row.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { certificationPrograms, planTemplates } from "#db/schema";
import { invalid, notFound } from "~/utils/refusal";
import { recordAudit } from "./audit.server";

export const TEMPLATE_MAX_WEEKS = 104;

export interface NewPlanTemplate {
  programId: number;
  name: string;
  durationWeeks: number;
  note: string;
}

/** Templates in use, with their program, by program then name. */
export function listPlanTemplates(db: Database, programId?: number) {
  return db
    .select({
      id: planTemplates.id,
      programId: planTemplates.programId,
      program: certificationPrograms.name,
      name: planTemplates.name,
      durationWeeks: planTemplates.durationWeeks,
      note: planTemplates.note,
    })
    .from(planTemplates)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, planTemplates.programId))
    .where(
      and(isNull(planTemplates.archivedAt), programId ? eq(planTemplates.programId, programId) : undefined),
    )
    .orderBy(asc(certificationPrograms.name), asc(planTemplates.name))
    .all();
}

export function getPlanTemplate(db: Database | Transaction, id: number) {
  return db
    .select()
    .from(planTemplates)
    .where(and(eq(planTemplates.id, id), isNull(planTemplates.archivedAt)))
    .get();
}

export function insertPlanTemplate(
  tx: Transaction,
  input: NewPlanTemplate,
  actorId: number | null,
  now: Date,
): number {
  const program = tx
    .select({ id: certificationPrograms.id })
    .from(certificationPrograms)
    .where(eq(certificationPrograms.id, input.programId))
    .get();
  if (!program) throw notFound("No such program.", { field: "programId" });
  if (input.durationWeeks < 1 || input.durationWeeks > TEMPLATE_MAX_WEEKS)
    throw invalid(`A duration of 1 to ${TEMPLATE_MAX_WEEKS} weeks.`, { field: "durationWeeks" });
  const row = tx
    .insert(planTemplates)
    .values({ ...input, createdAt: now, createdById: actorId })
    .returning({ id: planTemplates.id })
    .get();
  recordAudit(tx, {
    at: now,
    actorId,
    action: "plan-template.created",
    entityType: "plan-template",
    entityId: row.id,
    details: { ...input },
  });
  return row.id;
}

export function createPlanTemplate(db: Database, input: NewPlanTemplate, actorId: number, now: Date): number {
  return writeTransaction(db, (tx) => insertPlanTemplate(tx, input, actorId, now));
}

/** Archived templates stay on the plans made from them; they are no longer offered. */
export function archivePlanTemplate(db: Database, id: number, actorId: number, now: Date): void {
  writeTransaction(db, (tx) => {
    const done = tx
      .update(planTemplates)
      .set({ archivedAt: now })
      .where(and(eq(planTemplates.id, id), isNull(planTemplates.archivedAt)))
      .run();
    if (done.changes === 0) throw notFound("No such template.");
    recordAudit(tx, {
      at: now,
      actorId,
      action: "plan-template.archived",
      entityType: "plan-template",
      entityId: id,
    });
  });
}
