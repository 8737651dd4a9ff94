/**
 * Answering an attempt (DESIGN.md Rules 1, 3, 11): saving answers as the learner goes,
 * submission (graded on the server, recorded once, the certification engine run in the same
 * transaction) and closing a timed attempt at its deadline. Starting an attempt and the
 * assessment page are `attempts.server.ts`; the result page is `attempt-results.server.ts`.
 */
import { and, eq, isNull } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { groupCommit } from "#db/group-commit.server";
import {
  attainments,
  attemptQuestions,
  attempts,
  competencies,
  enrollments,
  moduleVersionCompetencies,
  type AttemptResponse,
} from "#db/schema";
import { readResponses } from "~/domain/attempt-input";
import { gradeAttempt, isAnswered, type GradableQuestion } from "~/domain/grading";
import { addMonths } from "~/domain/time";
import { conflict, invalid } from "~/utils/refusal";
import { attemptItems, findOwnAttempt, isPastDeadline } from "./attempt-items.server";
import { recordAudit } from "./audit.server";
import { issueEarnedCertifications } from "./certifications.server";
import { supersedeNewAttainments } from "./recertification.server";

/** Reads a submission against the attempt's layouts; refused when it is no answer to this page. */
function readAgainst(
  items: ReturnType<typeof attemptItems>,
  fields: ReadonlyMap<string, readonly string[]>,
): Map<number, AttemptResponse> {
  const { responses, problems } = readResponses(
    items.map((i) => ({ position: i.position, kind: i.question.kind, layout: i.layout })),
    fields,
  );
  if (problems.length > 0)
    throw invalid(`Your answers could not be recorded: ${problems.join(" ")} Please reload the page.`);
  return responses;
}

function storeResponses(
  tx: Transaction,
  attemptId: number,
  items: ReturnType<typeof attemptItems>,
  responses: ReadonlyMap<number, AttemptResponse>,
) {
  for (const item of items) {
    tx.update(attemptQuestions)
      .set({ response: responses.get(item.position) ?? null })
      .where(and(eq(attemptQuestions.attemptId, attemptId), eq(attemptQuestions.position, item.position)))
      .run();
  }
}

/**
 * Saves the answers given so far (the page does so as the learner goes), so that a timed
 * attempt is graded on what arrived in time even if the final submission does not.
 */
export function saveAnswers(
  db: Database,
  attemptId: number,
  userId: number,
  fields: ReadonlyMap<string, readonly string[]>,
  now: Date,
): { savedAt: Date } {
  return writeTransaction(db, (tx) => {
    const found = findOwnAttempt(tx, attemptId, userId);
    if (found.attempt.submittedAt) throw conflict("This attempt has been submitted.");
    if (isPastDeadline(found.attempt.deadlineAt, now))
      throw conflict("Time is up: answers saved before the end are the ones graded.");
    const items = attemptItems(tx, attemptId, found.version.id);
    storeResponses(tx, attemptId, items, readAgainst(items, fields));
    return { savedAt: now };
  });
}

export type SubmitResult =
  | { outcome: "graded" | "already-submitted" | "timed-out"; passed: boolean }
  | { outcome: "incomplete"; unanswered: number[] };

/**
 * Grades and records a submission once. A second submission of the same attempt (double
 * click, another tab, a retried request) changes nothing. Unanswered questions are saved and
 * returned for confirmation unless `confirmIncomplete`. After a timed attempt's deadline the
 * submission's answers do not count: it is graded on the answers saved in time.
 */
export function submitAttempt(
  db: Database,
  attemptId: number,
  userId: number,
  fields: ReadonlyMap<string, readonly string[]>,
  now: Date,
  options: { confirmIncomplete?: boolean } = {},
): SubmitResult {
  return writeTransaction(db, (tx) => submitWithin(tx, attemptId, userId, fields, now, options));
}

/**
 * `submitAttempt` through the group commit (decision 101): submissions arriving together are
 * graded and written by one writer in one transaction, each in its own savepoint; resolves
 * once the batch has committed, so an acknowledged submission is durable.
 */
export function submitAttemptTogether(
  db: Database,
  attemptId: number,
  userId: number,
  fields: ReadonlyMap<string, readonly string[]>,
  now: Date,
  options: { confirmIncomplete?: boolean } = {},
): Promise<SubmitResult> {
  return groupCommit(db, (tx) => submitWithin(tx, attemptId, userId, fields, now, options));
}

function submitWithin(
  tx: Transaction,
  attemptId: number,
  userId: number,
  fields: ReadonlyMap<string, readonly string[]>,
  now: Date,
  options: { confirmIncomplete?: boolean },
): SubmitResult {
  const found = findOwnAttempt(tx, attemptId, userId);
  if (found.attempt.submittedAt)
    return { outcome: "already-submitted", passed: found.attempt.passed ?? false };
  if (isPastDeadline(found.attempt.deadlineAt, now)) {
    return { outcome: "timed-out", passed: closeAtDeadline(tx, attemptId, userId, now) };
  }
  const items = attemptItems(tx, attemptId, found.version.id);
  const responses = readAgainst(items, fields);
  storeResponses(tx, attemptId, items, responses);
  const unanswered = items.filter((i) => !isAnswered(responses.get(i.position))).map((i) => i.position);
  if (unanswered.length > 0 && !options.confirmIncomplete) return { outcome: "incomplete", unanswered };
  return { outcome: "graded", passed: gradeAndRecord(tx, found, items, responses, now, false) };
}

/** Grades an open timed attempt whose time is up on the answers saved in time. */
export function closeExpiredAttempt(db: Database, attemptId: number, userId: number, now: Date): boolean {
  return writeTransaction(db, (tx) => closeAtDeadline(tx, attemptId, userId, now));
}

export function closeAtDeadline(tx: Transaction, attemptId: number, userId: number, now: Date): boolean {
  const found = findOwnAttempt(tx, attemptId, userId);
  if (found.attempt.submittedAt) return found.attempt.passed ?? false;
  if (!isPastDeadline(found.attempt.deadlineAt, now)) throw conflict("This attempt still has time left.");
  const items = attemptItems(tx, attemptId, found.version.id);
  const saved = new Map(items.flatMap((i) => (i.response ? [[i.position, i.response] as const] : [])));
  return gradeAndRecord(tx, found, items, saved, found.attempt.deadlineAt ?? now, true);
}

/**
 * Records the grade; a pass attains the version's competencies and issues every
 * certification now earned, in this same transaction (Rules 1 and 3).
 */
function gradeAndRecord(
  tx: Transaction,
  found: ReturnType<typeof findOwnAttempt>,
  items: ReturnType<typeof attemptItems>,
  responses: ReadonlyMap<number, AttemptResponse>,
  at: Date,
  timedOut: boolean,
): boolean {
  const userId = found.attempt.userId;
  const attemptId = found.attempt.id;
  const grade = gradeAttempt(
    items.map((i) => ({
      question: i.question as GradableQuestion,
      response: responses.get(i.position) ?? null,
    })),
    found.version.passMarkPercent,
  );
  const updated = tx
    .update(attempts)
    .set({ submittedAt: at, timedOut, scorePercent: grade.scorePercent, passed: grade.passed })
    .where(and(eq(attempts.id, attemptId), isNull(attempts.submittedAt)))
    .run();
  if (updated.changes === 0) return false;
  items.forEach((item, index) => {
    tx.update(attemptQuestions)
      .set({ credit: grade.credits[index] ?? 0 })
      .where(and(eq(attemptQuestions.attemptId, attemptId), eq(attemptQuestions.position, item.position)))
      .run();
  });
  if (!grade.passed) return false;
  const taught = tx
    .select({ id: competencies.id, months: competencies.validityMonths })
    .from(moduleVersionCompetencies)
    .innerJoin(competencies, eq(competencies.id, moduleVersionCompetencies.competencyId))
    .where(eq(moduleVersionCompetencies.moduleVersionId, found.version.id))
    .all();
  for (const c of taught) {
    const row = tx
      .insert(attainments)
      .values({
        userId,
        competencyId: c.id,
        source: "assessment",
        attemptId,
        attainedAt: at,
        expiresAt: addMonths(at, c.months),
      })
      .returning({ id: attainments.id })
      .get();
    recordAudit(tx, {
      at,
      actorId: userId,
      action: "attainment.attained",
      subjectUserId: userId,
      entityType: "attainment",
      entityId: row.id,
      details: { competencyId: c.id, attemptId, scorePercent: grade.scorePercent },
    });
  }
  // A pass on a version older than a major revision counts only until its deadline.
  supersedeNewAttainments(
    tx,
    userId,
    taught.map((c) => c.id),
  );
  issueEarnedCertifications(
    tx,
    userId,
    taught.map((c) => c.id),
    at,
    userId,
  );
  tx.update(enrollments)
    .set({ completedAt: at, lastActivityAt: at })
    .where(and(eq(enrollments.userId, userId), eq(enrollments.moduleId, found.module.id)))
    .run();
  return true;
}
