/**
 * Assessment attempts: start (within the rolling limit), the attempt form (no answer key),
 * submission (graded on the server, recorded once, engine run in the same transaction) and
 * the result. Ownership is part of every query: another learner's attempt does not exist.
 */
import crypto from "node:crypto";
import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  attainments,
  attemptAnswers,
  attempts,
  certificationPrograms,
  certifications,
  choices,
  competencies,
  enrollments,
  modules,
  moduleVersionCompetencies,
  moduleVersions,
  questions,
} from "#db/schema";
import {
  gradeSubmission,
  nextAttemptAllowedAt,
  seededShuffle,
  submissionProblems,
  type GradableQuestion,
  type Submission,
} from "~/domain/grading";
import { addMonths, DAY_MS } from "~/domain/time";
import { recordAudit } from "./audit.server";
import { issueEarnedCertifications } from "./certifications.server";
import { supersedeNewAttainments } from "./recertification.server";
import { ensureEnrollment } from "./learning.server";

export class AttemptLimitError extends Error {
  constructor(readonly nextAllowedAt: Date) {
    super("You have used all attempts for the last 24 hours.");
    this.name = "AttemptLimitError";
  }
}

export class SubmissionRejectedError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(" "));
    this.name = "SubmissionRejectedError";
  }
}

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
      submittedAt: attempts.submittedAt,
      scorePercent: attempts.scorePercent,
      passed: attempts.passed,
      versionNumber: moduleVersions.versionNumber,
    })
    .from(attempts)
    .innerJoin(moduleVersions, eq(moduleVersions.id, attempts.moduleVersionId))
    .where(and(eq(attempts.userId, userId), eq(moduleVersions.moduleId, moduleId)))
    .orderBy(asc(attempts.startedAt))
    .all()
    .reverse();
}

/**
 * Starts an attempt on the learner's version, or returns the one still open. Refused with
 * the time of the next allowed attempt when the rolling 24-hour limit is used up.
 */
export function startAttempt(db: Database, userId: number, slug: string, now: Date): number | undefined {
  return writeTransaction(db, (tx) => {
    const module = tx.select().from(modules).where(eq(modules.slug, slug)).get();
    if (!module) return undefined;
    const enrollment = ensureEnrollment(tx, userId, module, now);
    if (!enrollment) return undefined;
    const open = tx
      .select({ id: attempts.id })
      .from(attempts)
      .where(
        and(
          eq(attempts.userId, userId),
          eq(attempts.moduleVersionId, enrollment.moduleVersionId),
          isNull(attempts.submittedAt),
        ),
      )
      .get();
    if (open) return open.id;
    const version = tx
      .select({ max: moduleVersions.maxAttemptsPerDay })
      .from(moduleVersions)
      .where(eq(moduleVersions.id, enrollment.moduleVersionId))
      .get();
    const blockedUntil = nextAttemptAllowedAt(
      recentStarts(tx, userId, module.id, now),
      version?.max ?? 3,
      now,
    );
    if (blockedUntil) throw new AttemptLimitError(blockedUntil);
    return tx
      .insert(attempts)
      .values({
        userId,
        moduleVersionId: enrollment.moduleVersionId,
        shuffleSeed: crypto.randomInt(1, 2 ** 31),
        startedAt: now,
      })
      .returning({ id: attempts.id })
      .get().id;
  });
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
      },
    })
    .from(attempts)
    .innerJoin(moduleVersions, eq(moduleVersions.id, attempts.moduleVersionId))
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)))
    .get();
}

function loadQuestions(db: Database | Transaction, versionId: number) {
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

/** Questions and choices in the attempt's own shuffled order. */
function shuffled<Q extends { id: number; choices: { id: number }[] }>(qs: Q[], seed: number): Q[] {
  return seededShuffle(qs, seed).map((q) => ({ ...q, choices: seededShuffle(q.choices, seed ^ q.id) }));
}

/**
 * What the assessment page needs — and nothing more: no `isCorrect`, no feedback, no
 * explanation leaves the server before the attempt is submitted.
 */
export function getAttemptForm(db: Database, attemptId: number, userId: number) {
  const found = findAttempt(db, attemptId, userId);
  if (!found) return undefined;
  const qs = shuffled(loadQuestions(db, found.version.id), found.attempt.shuffleSeed);
  return {
    attempt: {
      id: found.attempt.id,
      startedAt: found.attempt.startedAt,
      submittedAt: found.attempt.submittedAt,
    },
    module: found.module,
    version: found.version,
    questions: qs.map((q) => ({
      id: q.id,
      kind: q.kind,
      title: q.title,
      promptHtml: q.promptHtml,
      choices: q.choices.map((c) => ({ id: c.id, text: c.text })),
    })),
  };
}

export interface SubmitResult {
  alreadySubmitted: boolean;
  passed: boolean;
}

/**
 * Grades and records a submission once. A second submission of the same attempt (double
 * click, another tab, a retried request) changes nothing. A pass attains the version's
 * competencies and issues every certification now earned, in this same transaction.
 */
export function submitAttempt(
  db: Database,
  attemptId: number,
  userId: number,
  submission: Submission,
  now: Date,
): SubmitResult | undefined {
  return writeTransaction(db, (tx) => {
    const found = findAttempt(tx, attemptId, userId);
    if (!found) return undefined;
    if (found.attempt.submittedAt) return { alreadySubmitted: true, passed: found.attempt.passed ?? false };
    const qs: GradableQuestion[] = loadQuestions(tx, found.version.id);
    const problems = submissionProblems(qs, submission);
    if (problems.length > 0) throw new SubmissionRejectedError(problems);
    const grade = gradeSubmission(qs, submission, found.version.passMarkPercent);
    const updated = tx
      .update(attempts)
      .set({ submittedAt: now, scorePercent: grade.scorePercent, passed: grade.passed })
      .where(and(eq(attempts.id, attemptId), isNull(attempts.submittedAt)))
      .run();
    if (updated.changes === 0) return { alreadySubmitted: true, passed: false };
    tx.insert(attemptAnswers)
      .values(
        qs.map((q) => ({
          attemptId,
          questionId: q.id,
          choiceIds: submission.get(q.id) ?? [],
          credit: grade.credits.get(q.id) ?? 0,
        })),
      )
      .run();
    if (grade.passed) {
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
            attainedAt: now,
            expiresAt: addMonths(now, c.months),
          })
          .returning({ id: attainments.id })
          .get();
        recordAudit(tx, {
          at: now,
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
        now,
        userId,
      );
      tx.update(enrollments)
        .set({ completedAt: now, lastActivityAt: now })
        .where(and(eq(enrollments.userId, userId), eq(enrollments.moduleId, found.module.id)))
        .run();
    }
    return { alreadySubmitted: false, passed: grade.passed };
  });
}

/** The result of a submitted attempt: score, feedback per question, what it earned. */
export function getAttemptResult(db: Database, attemptId: number, userId: number) {
  const found = findAttempt(db, attemptId, userId);
  if (!found?.attempt.submittedAt) return undefined;
  const answers = new Map(
    db
      .select()
      .from(attemptAnswers)
      .where(eq(attemptAnswers.attemptId, attemptId))
      .all()
      .map((a) => [a.questionId, a]),
  );
  const qs = shuffled(loadQuestions(db, found.version.id), found.attempt.shuffleSeed).map((q) => {
    const answer = answers.get(q.id);
    const chosen = new Set(answer?.choiceIds ?? []);
    return {
      id: q.id,
      kind: q.kind,
      title: q.title,
      promptHtml: q.promptHtml,
      explanation: q.explanation,
      credit: answer?.credit ?? 0,
      choices: q.choices.map((c) => ({
        id: c.id,
        text: c.text,
        isCorrect: c.isCorrect,
        chosen: chosen.has(c.id),
        feedback: c.feedback,
      })),
    };
  });
  const attained = db
    .select({ name: competencies.name, expiresAt: attainments.expiresAt })
    .from(attainments)
    .innerJoin(competencies, eq(competencies.id, attainments.competencyId))
    .where(and(eq(attainments.attemptId, attemptId), eq(attainments.userId, userId)))
    .all();
  const issued = db
    .select({
      credentialId: certifications.credentialId,
      program: certificationPrograms.name,
      expiresAt: certifications.expiresAt,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(and(eq(certifications.userId, userId), eq(certifications.issuedAt, found.attempt.submittedAt)))
    .all();
  return {
    attempt: {
      id: found.attempt.id,
      submittedAt: found.attempt.submittedAt,
      scorePercent: found.attempt.scorePercent ?? 0,
      passed: found.attempt.passed ?? false,
    },
    module: found.module,
    version: found.version,
    questions: qs,
    attained,
    issued,
  };
}
