/**
 * Assessment attempts (DESIGN.md Rule 11): start (within the rolling limit, drawing the
 * attempt's own form from the bank), the assessment page (places and texts, no ids, no
 * key), saving answers as the learner goes, submission (graded on the server, recorded
 * once, engine run in the same transaction) and the server-side time limit. Ownership is
 * part of every query: another learner's attempt does not exist. The result page is
 * `attempt-results.server.ts`.
 */
import crypto from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  attainments,
  attemptQuestions,
  attempts,
  choices,
  competencies,
  enrollments,
  modules,
  moduleVersionCompetencies,
  moduleVersions,
  questions,
  type AttemptResponse,
} from "#db/schema";
import { readResponses, responseFields } from "~/domain/attempt-input";
import { asBankEntries, drawForm, layoutFor, type Random } from "~/domain/exam-forms";
import { gradeAttempt, isAnswered, nextAttemptAllowedAt, type GradableQuestion } from "~/domain/grading";
import { addMonths, DAY_MS } from "~/domain/time";
import { conflict, invalid, notFound, Refusal } from "~/utils/refusal";
import { recordAudit } from "./audit.server";
import { issueEarnedCertifications } from "./certifications.server";
import { supersedeNewAttainments } from "./recertification.server";
import { ensureEnrollment } from "./learning.server";

/**
 * Answers that arrive this long after a timed attempt's deadline still count (the request
 * was on its way); later ones do not, and the attempt is graded on what was saved in time.
 */
export const DEADLINE_GRACE_MS = 30_000;

/** 47 bits from the operating system's generator: what real attempts are drawn with. */
export const cryptoRandom: Random = () => crypto.randomInt(0, 2 ** 47) / 2 ** 47;

/** Attempts started on any version of the module in the last 24 hours. */
function recentStarts(db: Database | Transaction, userId: number, moduleId: number, now: Date): Date[] {
  return db
    .select({ startedAt: attempts.startedAt })
    .from(attempts)
    .innerJoin(moduleVersions, eq(moduleVersions.id, attempts.moduleVersionId))
    .where(
      and(
        eq(attempts.userId, userId),
        eq(moduleVersions.moduleId, moduleId),
        gt(attempts.startedAt, new Date(now.getTime() - DAY_MS)),
      ),
    )
    .all()
    .map((r) => r.startedAt);
}

export function attemptAllowance(
  db: Database,
  userId: number,
  moduleId: number,
  maxPerDay: number,
  now: Date,
) {
  const starts = recentStarts(db, userId, moduleId, now);
  return {
    usedToday: starts.length,
    maxPerDay,
    nextAllowedAt: nextAttemptAllowedAt(starts, maxPerDay, now) ?? null,
  };
}

/** Attempts of this learner on this module, newest first. */
export function listAttempts(db: Database, userId: number, moduleId: number) {
  return db
    .select({
      id: attempts.id,
      startedAt: attempts.startedAt,
      deadlineAt: attempts.deadlineAt,
      submittedAt: attempts.submittedAt,
      timedOut: attempts.timedOut,
      scorePercent: attempts.scorePercent,
      passed: attempts.passed,
      versionNumber: moduleVersions.versionNumber,
    })
    .from(attempts)
    .innerJoin(moduleVersions, eq(moduleVersions.id, attempts.moduleVersionId))
    .where(and(eq(attempts.userId, userId), eq(moduleVersions.moduleId, moduleId)))
    .orderBy(desc(attempts.startedAt), desc(attempts.id))
    .all();
}

/** A version's question bank with the key, for drawing and grading (never for the browser). */
export function loadBank(db: Database | Transaction, versionId: number) {
  const qs = db
    .select()
    .from(questions)
    .where(eq(questions.moduleVersionId, versionId))
    .orderBy(asc(questions.position))
    .all();
  const cs =
    qs.length === 0
      ? []
      : db
          .select()
          .from(choices)
          .where(
            inArray(
              choices.questionId,
              qs.map((q) => q.id),
            ),
          )
          .orderBy(asc(choices.position))
          .all();
  return qs.map((q) => ({ ...q, choices: cs.filter((c) => c.questionId === q.id) }));
}

export type BankQuestion = ReturnType<typeof loadBank>[number];

/** The questions the learner's latest attempt on this version asked. */
function previousForm(tx: Transaction, userId: number, versionId: number): Set<number> {
  const last = tx
    .select({ id: attempts.id })
    .from(attempts)
    .where(and(eq(attempts.userId, userId), eq(attempts.moduleVersionId, versionId)))
    .orderBy(desc(attempts.startedAt), desc(attempts.id))
    .limit(1)
    .get();
  if (!last) return new Set();
  return new Set(
    tx
      .select({ questionId: attemptQuestions.questionId })
      .from(attemptQuestions)
      .where(eq(attemptQuestions.attemptId, last.id))
      .all()
      .map((r) => r.questionId),
  );
}

/**
 * Starts an attempt on the learner's version, or returns the one still open (an open one
 * whose time is up is graded first, and its id returned for its result). Refused with the
 * time of the next allowed attempt when the rolling 24-hour limit is used up.
 */
export function startAttempt(
  db: Database,
  userId: number,
  slug: string,
  now: Date,
  random: Random = cryptoRandom,
): number {
  return writeTransaction(db, (tx) => {
    const module = tx.select().from(modules).where(eq(modules.slug, slug)).get();
    const enrollment = module ? ensureEnrollment(tx, userId, module, now) : undefined;
    if (!module || !enrollment) throw notFound("No such module");
    const open = tx
      .select()
      .from(attempts)
      .where(
        and(
          eq(attempts.userId, userId),
          eq(attempts.moduleVersionId, enrollment.moduleVersionId),
          isNull(attempts.submittedAt),
        ),
      )
      .get();
    if (open) {
      if (isPastDeadline(open.deadlineAt, now)) closeAtDeadline(tx, open.id, userId, now);
      return open.id;
    }
    const version = tx
      .select()
      .from(moduleVersions)
      .where(eq(moduleVersions.id, enrollment.moduleVersionId))
      .get();
    if (!version) throw notFound("No such module");
    const blockedUntil = nextAttemptAllowedAt(
      recentStarts(tx, userId, module.id, now),
      version.maxAttemptsPerDay,
      now,
    );
    if (blockedUntil)
      throw new Refusal("You have used all attempts for the last 24 hours.", {
        kind: "rate-limited",
        details: { nextAllowedAt: blockedUntil.toISOString() },
      });
    const bank = loadBank(tx, version.id);
    const taught = tx
      .select({ id: moduleVersionCompetencies.competencyId })
      .from(moduleVersionCompetencies)
      .where(eq(moduleVersionCompetencies.moduleVersionId, version.id))
      .all().length;
    const form = drawForm(
      asBankEntries(bank, taught),
      version.formSize,
      previousForm(tx, userId, version.id),
      random,
    );
    const attemptId = tx
      .insert(attempts)
      .values({
        userId,
        moduleVersionId: version.id,
        startedAt: now,
        deadlineAt:
          version.timeLimitMinutes === null
            ? null
            : new Date(now.getTime() + version.timeLimitMinutes * 60_000),
      })
      .returning({ id: attempts.id })
      .get().id;
    const byId = new Map(bank.map((q) => [q.id, q]));
    if (form.length > 0)
      tx.insert(attemptQuestions)
        .values(
          form.map((questionId, index) => ({
            attemptId,
            position: index + 1,
            questionId,
            layout: layoutFor(
              byId.get(questionId) ?? { id: questionId, kind: "single", choices: [] },
              random,
            ),
          })),
        )
        .run();
    return attemptId;
  });
}

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

/**
 * What the assessment page needs, and nothing more: each question's place, kind, text and
 * its choices' texts in the attempt's order. No question or choice id, no `isCorrect`, no
 * feedback or explanation leaves the server; answers go back as places (`attempt-input.ts`).
 */
export function getAttemptForm(db: Database, attemptId: number, userId: number, now: Date) {
  const found = findOwnAttempt(db, attemptId, userId);
  const items = attemptItems(db, attemptId, found.version.id);
  const deadline = found.attempt.deadlineAt;
  return {
    attempt: {
      id: found.attempt.id,
      startedAt: found.attempt.startedAt,
      deadlineAt: deadline,
      submittedAt: found.attempt.submittedAt,
      timeUp: isPastDeadline(deadline, now),
    },
    serverNow: now,
    module: { slug: found.module.slug },
    version: {
      title: found.version.title,
      passMarkPercent: found.version.passMarkPercent,
      timeLimitMinutes: found.version.timeLimitMinutes,
      revealPolicy: found.version.revealPolicy,
    },
    questions: items.map((item) => {
      const byId = new Map(item.question.choices.map((c) => [c.id, c]));
      return {
        position: item.position,
        kind: item.question.kind,
        promptHtml: item.question.promptHtml,
        choices: item.layout.choices.map((id) => byId.get(id)?.text ?? ""),
        options: (item.layout.right ?? []).map((id) => byId.get(id)?.matchText ?? ""),
        // What was saved, as the page's own field values (places), never as choice ids.
        saved: responseFields(
          { position: item.position, kind: item.question.kind, layout: item.layout },
          item.response,
        ),
      };
    }),
  };
}

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
  return writeTransaction(db, (tx) => {
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
  });
}

/** Grades an open timed attempt whose time is up on the answers saved in time. */
export function closeExpiredAttempt(db: Database, attemptId: number, userId: number, now: Date): boolean {
  return writeTransaction(db, (tx) => closeAtDeadline(tx, attemptId, userId, now));
}

function closeAtDeadline(tx: Transaction, attemptId: number, userId: number, now: Date): boolean {
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
