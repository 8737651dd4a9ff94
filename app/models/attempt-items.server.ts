/**
 * Reading an attempt: the attempt itself (ownership in the query), its form's items with
 * their questions from the bank, and the deadline rule. Shared by starting, answering and
 * the result page.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Database, Transaction } from "#db/client.server";
import { attemptQuestions, attempts, modules, moduleVersions } from "#db/schema";
import { notFound } from "~/utils/refusal";
import { loadBank } from "./question-bank.server";

/**
 * Answers that arrive this long after a timed attempt's deadline still count (the request
 * was on its way); later ones do not, and the attempt is graded on what was saved in time.
 */
export const DEADLINE_GRACE_MS = 30_000;

/** True once a timed attempt's deadline (and the allowance for requests on their way) has passed. */
export function isPastDeadline(deadlineAt: Date | null, now: Date): boolean {
  return deadlineAt !== null && now.getTime() > deadlineAt.getTime() + DEADLINE_GRACE_MS;
}

function findAttempt(db: Database | Transaction, attemptId: number, userId: number) {
  return db
    .select({
      attempt: attempts,
      module: { id: modules.id, slug: modules.slug },
      version: {
        id: moduleVersions.id,
        title: moduleVersions.title,
        passMarkPercent: moduleVersions.passMarkPercent,
        versionNumber: moduleVersions.versionNumber,
        revealPolicy: moduleVersions.revealPolicy,
        timeLimitMinutes: moduleVersions.timeLimitMinutes,
      },
    })
    .from(attempts)
    .innerJoin(moduleVersions, eq(moduleVersions.id, attempts.moduleVersionId))
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)))
    .get();
}

export function findOwnAttempt(db: Database | Transaction, attemptId: number, userId: number) {
  const found = findAttempt(db, attemptId, userId);
  if (!found) throw notFound("No such attempt");
  return found;
}

/** The attempt's form: its items in order, each with its question (and key) from the bank. */
export function attemptItems(db: Database | Transaction, attemptId: number, versionId: number) {
  const items = db
    .select()
    .from(attemptQuestions)
    .where(eq(attemptQuestions.attemptId, attemptId))
    .orderBy(asc(attemptQuestions.position))
    .all();
  const bank = new Map(loadBank(db, versionId).map((q) => [q.id, q]));
  return items.flatMap((item) => {
    const question = bank.get(item.questionId);
    return question ? [{ ...item, question }] : [];
  });
}
