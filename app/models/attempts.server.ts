/**
 * Assessment attempts (DESIGN.md Rule 11): start (within the rolling limit, drawing the
 * attempt's own form from the bank) and the assessment page (places and texts, no ids, no
 * key). Ownership is part of every query: another learner's attempt does not exist.
 * Saving, submission and the time limit are `attempt-submission.server.ts`; the result
 * page is `attempt-results.server.ts`.
 */
import crypto from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { attemptQuestions, attempts, modules, moduleVersionCompetencies, moduleVersions } from "#db/schema";
import { responseFields } from "~/domain/attempt-input";
import { asBankEntries, drawForm, layoutFor, type Random } from "~/domain/exam-forms";
import { nextAttemptAllowedAt } from "~/domain/grading";
import { DAY_MS } from "~/domain/time";
import { notFound, Refusal } from "~/utils/refusal";
import { attemptItems, findOwnAttempt, isPastDeadline } from "./attempt-items.server";
import { loadBank } from "./question-bank.server";
import { closeAtDeadline } from "./attempt-submission.server";
import { ensureEnrollment } from "./learning.server";

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
