/**
 * A program's lifecycle settings (DESIGN.md Rules 8, 13, 14): renewal window, grace period
 * and delta deadline, in days. Changing them re-derives every status at the next read
 * (nothing is stored that would go stale); the change is audited.
 */
import { eq } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { certificationPrograms } from "#db/schema";
import { LIFECYCLE_LIMITS, type LifecycleSettings } from "~/domain/lifecycle";
import { invalid, notFound } from "~/utils/refusal";
import { recordAudit } from "./audit.server";

const LABELS: Record<keyof LifecycleSettings, string> = {
  renewalWindowDays: "The renewal window",
  graceDays: "The grace period",
  deltaDeadlineDays: "The delta deadline",
};

export function updateProgramLifecycle(
  db: Database,
  programId: number,
  input: LifecycleSettings,
  actorId: number,
  now: Date,
): void {
  for (const key of Object.keys(LIFECYCLE_LIMITS) as (keyof LifecycleSettings)[]) {
    const { min, max } = LIFECYCLE_LIMITS[key];
    const value = input[key];
    if (!Number.isInteger(value) || value < min || value > max)
      throw invalid(`${LABELS[key]} is ${min}–${max} whole days.`, { field: key });
  }
  writeTransaction(db, (tx) => {
    const before = tx
      .select({
        renewalWindowDays: certificationPrograms.renewalWindowDays,
        graceDays: certificationPrograms.graceDays,
        deltaDeadlineDays: certificationPrograms.deltaDeadlineDays,
      })
      .from(certificationPrograms)
      .where(eq(certificationPrograms.id, programId))
      .get();
    if (!before) throw notFound("No such program.");
    const after = {
      renewalWindowDays: input.renewalWindowDays,
      graceDays: input.graceDays,
      deltaDeadlineDays: input.deltaDeadlineDays,
    };
    tx.update(certificationPrograms).set(after).where(eq(certificationPrograms.id, programId)).run();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "program.lifecycle-changed",
      entityType: "program",
      entityId: programId,
      details: { from: before, to: after },
    });
  });
}
