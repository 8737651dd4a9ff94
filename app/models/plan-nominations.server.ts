/**
 * Learning plans, written (DESIGN.md Rule 16): nominating people (one or many, with or
 * without a template), moving a due date, cancelling, and recording the outcome of a
 * completed plan — offering the target seat through the same gate as any assignment
 * (Rule 7). Each change and its audit row (and the nominee's message) in one transaction.
 */
import { eq, inArray } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { certificationPrograms, learningPlans, territories } from "#db/schema";
import { dueEnd, dueOnAfterWeeks } from "~/domain/plans";
import { formatDate } from "~/ui/format";
import { conflict, invalid, notFound } from "~/utils/refusal";
import { assignSpecialist } from "./assignments.server";
import { recordAudit } from "./audit.server";
import { NOMINATE_MAX_PEOPLE, nominees } from "./plan-nominees.server";
import { getPlanTemplate } from "./plan-templates.server";
import { sendNominations } from "./plan-reminders.server";
import { evaluatePlans, getPlan, planRows } from "./plans.server";

export interface Nomination {
  userIds: readonly number[];
  /** Optional when a template is given (the template's program). */
  programId: number | null;
  targetTerritoryId: number | null;
  /** The due day (00:00 UTC); a template proposes one when it is left out. */
  dueOn: Date | null;
  note: string;
  templateId: number | null;
}

export interface NominationResult {
  created: { planId: number; userId: number; name: string }[];
  skipped: { userId: number; name: string; reason: string }[];
}

export function nominate(
  db: Database,
  input: Nomination,
  actorId: number,
  origin: string,
  now: Date,
): NominationResult {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) throw invalid("Choose at least one person.", { field: "userIds" });
  if (userIds.length > NOMINATE_MAX_PEOPLE)
    throw invalid(`At most ${NOMINATE_MAX_PEOPLE} people at once.`, { field: "userIds" });
  return writeTransaction(db, (tx) => {
    const template = input.templateId ? getPlanTemplate(tx, input.templateId) : undefined;
    if (input.templateId && !template) throw notFound("No such template.", { field: "templateId" });
    if (template && input.programId && template.programId !== input.programId)
      throw invalid("That template is for another program.", { field: "templateId" });
    const programId = template?.programId ?? input.programId;
    const program = programId
      ? tx.select().from(certificationPrograms).where(eq(certificationPrograms.id, programId)).get()
      : undefined;
    if (!program) throw invalid("Choose a program.", { field: "programId" });
    const dueOn = input.dueOn ?? (template ? dueOnAfterWeeks(now, template.durationWeeks) : null);
    if (!dueOn) throw invalid("Give a due date, or choose a template.", { field: "dueOn" });
    if (dueEnd(dueOn).getTime() <= now.getTime())
      throw invalid("The due date must be today or later.", { field: "dueOn" });
    if (input.targetTerritoryId !== null) {
      const territory = tx
        .select({ id: territories.id })
        .from(territories)
        .where(eq(territories.id, input.targetTerritoryId))
        .get();
      if (!territory) throw notFound("No such territory.", { field: "targetTerritoryId" });
    }
    const note = input.note || template?.note || "";

    const { people, open, certified } = nominees(tx, userIds, program, now);
    const result: NominationResult = { created: [], skipped: [] };
    for (const userId of userIds) {
      const person = people.find((p) => p.id === userId);
      if (!person || person.disabledAt) {
        result.skipped.push({
          userId,
          name: person?.name ?? `#${userId}`,
          reason: "not an active partner manager",
        });
        continue;
      }
      if (certified.has(userId)) {
        result.skipped.push({ userId, name: person.name, reason: `already certified: assign them instead` });
        continue;
      }
      if (open.has(userId)) {
        result.skipped.push({
          userId,
          name: person.name,
          reason: `already has an open plan for ${program.name}`,
        });
        continue;
      }
      const row = tx
        .insert(learningPlans)
        .values({
          userId,
          programId: program.id,
          targetTerritoryId: input.targetTerritoryId,
          dueOn,
          note,
          templateId: template?.id ?? null,
          nominatedById: actorId,
          createdAt: now,
        })
        .returning({ id: learningPlans.id })
        .get();
      recordAudit(tx, {
        at: now,
        actorId,
        action: "plan.nominated",
        subjectUserId: userId,
        entityType: "plan",
        entityId: row.id,
        reason: note || null,
        details: {
          programId: program.id,
          targetTerritoryId: input.targetTerritoryId,
          dueOn: dueOn.toISOString().slice(0, 10),
          templateId: template?.id ?? null,
        },
      });
      result.created.push({ planId: row.id, userId, name: person.name });
    }
    const ids = result.created.map((c) => c.planId);
    if (ids.length > 0) {
      const created = evaluatePlans(tx, planRows(tx, inArray(learningPlans.id, ids), ids.length), now);
      sendNominations(tx, created, origin, now);
    }
    return result;
  });
}

/** An open plan (not cancelled, no outcome yet), or a refusal. */
function openPlan(tx: Transaction, planId: number) {
  const plan = tx.select().from(learningPlans).where(eq(learningPlans.id, planId)).get();
  if (!plan) throw notFound("No such plan.");
  if (plan.cancelledAt) throw conflict("This plan was cancelled.");
  if (plan.outcome) throw conflict("This plan is already closed.");
  return plan;
}

export function changeDueDate(
  db: Database,
  planId: number,
  dueOn: Date,
  reason: string,
  actorId: number,
  now: Date,
): void {
  writeTransaction(db, (tx) => {
    const plan = openPlan(tx, planId);
    if (dueEnd(dueOn).getTime() <= now.getTime())
      throw invalid("The due date must be today or later.", { field: "dueOn" });
    if (dueOn.getTime() === plan.dueOn.getTime())
      throw invalid(`The plan is already due on ${formatDate(dueOn)}.`, { field: "dueOn" });
    tx.update(learningPlans).set({ dueOn }).where(eq(learningPlans.id, planId)).run();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "plan.due-changed",
      subjectUserId: plan.userId,
      entityType: "plan",
      entityId: planId,
      reason: reason || null,
      details: { from: plan.dueOn.toISOString().slice(0, 10), to: dueOn.toISOString().slice(0, 10) },
    });
  });
}

export function cancelPlan(db: Database, planId: number, reason: string, actorId: number, now: Date): void {
  writeTransaction(db, (tx) => {
    const plan = openPlan(tx, planId);
    tx.update(learningPlans)
      .set({ cancelledAt: now, cancelledById: actorId, cancelReason: reason || null })
      .where(eq(learningPlans.id, planId))
      .run();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "plan.cancelled",
      subjectUserId: plan.userId,
      entityType: "plan",
      entityId: planId,
      reason: reason || null,
    });
  });
}

/**
 * Records the outcome of a completed plan. `assign` takes the target seat through the
 * assignment gate (Rule 7): refused with its reasons when the certification no longer
 * qualifies (revoked, expired). `close` ends the plan without an assignment.
 */
export function completePlan(
  db: Database,
  planId: number,
  outcome: "assign" | "close",
  actorId: number,
  now: Date,
): { assignmentId: number | null } {
  return writeTransaction(db, (tx) => {
    openPlan(tx, planId);
    const plan = getPlan(tx, planId, now);
    if (!plan) throw notFound("No such plan.");
    if (plan.standing.state !== "completed")
      throw conflict(`${plan.person} has not earned ${plan.program} since the nomination yet.`);
    let assignmentId: number | null = null;
    if (outcome === "assign") {
      if (plan.targetTerritoryId === null) throw invalid("This plan has no target seat to assign.");
      assignmentId = assignSpecialist(
        tx,
        {
          userId: plan.userId,
          technologyId: plan.technologyId,
          territoryId: plan.targetTerritoryId,
          role: plan.level,
        },
        actorId,
        now,
      );
    }
    tx.update(learningPlans)
      .set({
        outcome: outcome === "assign" ? "assigned" : "closed",
        outcomeAt: now,
        outcomeById: actorId,
        assignmentId,
      })
      .where(eq(learningPlans.id, planId))
      .run();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "plan.completed",
      subjectUserId: plan.userId,
      entityType: "plan",
      entityId: planId,
      details: { outcome: outcome === "assign" ? "assigned" : "closed", assignmentId },
    });
    return { assignmentId };
  });
}
