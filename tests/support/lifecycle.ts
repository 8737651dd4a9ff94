/** Small helpers for lifecycle model tests on a seeded demo database. */
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { competencies } from "#db/schema";
import { importAttainments } from "~/models/attainments.server";
import { issueEarnedCertifications } from "~/models/certifications.server";
import { createUser } from "~/models/users.server";

export function competencyIdOf(db: Database, slug: string): number {
  const row = db.select({ id: competencies.id }).from(competencies).where(eq(competencies.slug, slug)).get();
  assert.ok(row, slug);
  return row.id;
}

let counter = 0;

export function newLearner(db: Database, now: Date, name = "Test Holder"): { id: number; email: string } {
  counter += 1;
  const email = `holder.${counter}.${Date.now()}@example.com`;
  return { id: createUser(db, { email, name, roles: ["learner"] }, null, now), email };
}

/** Imports attainments of these competencies at `attainedAt` and runs the engine at `at`. */
export function attain(db: Database, userId: number, slugs: string[], attainedAt: Date, at = attainedAt) {
  const ids = slugs.map((s) => competencyIdOf(db, s));
  return writeTransaction(db, (tx) => {
    importAttainments(
      tx,
      ids.map((competencyId) => ({ userId, competencyId, attainedAt, evidence: "test" })),
      null,
      at,
    );
    return issueEarnedCertifications(tx, userId, ids, at, null);
  });
}

export const STORAGE_SPECIALIST = [
  "storage-economics",
  "storage-business-model",
  "storage-sales-lifecycle",
  "storage-product",
];
