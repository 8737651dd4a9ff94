/**
 * Assessment rules: the per-attempt shuffle, validation of a submission, grading, and the
 * rolling attempt limit. Pure: the caller brings the questions, the answers and the time.
 */
import { DAY_MS } from "./time";

export type QuestionKind = "single" | "multiple" | "truefalse";

export interface GradableQuestion {
  id: number;
  kind: QuestionKind;
  choices: { id: number; isCorrect: boolean }[];
}

/** A learner's answers: question id → chosen choice ids. */
export type Submission = Map<number, number[]>;

/** mulberry32: a small, good-enough PRNG so an attempt's order is stable across reloads. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a seeded generator: same seed, same order. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const random = prng(seed);
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = result[i];
    const b = result[j];
    if (a !== undefined && b !== undefined) {
      result[i] = b;
      result[j] = a;
    }
  }
  return result;
}

/**
 * What is wrong with a submission, in words a learner can act on; empty when it is sound.
 * Unknown questions, choices from another question and several answers to a
 * single-answer question are tampering or stale pages: refused, nothing recorded.
 */
export function submissionProblems(questions: readonly GradableQuestion[], submission: Submission): string[] {
  const problems: string[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [questionId, choiceIds] of submission) {
    const question = byId.get(questionId);
    if (!question) {
      problems.push("The submission answers a question that is not part of this assessment.");
      continue;
    }
    const valid = new Set(question.choices.map((c) => c.id));
    if (choiceIds.some((id) => !valid.has(id))) {
      problems.push("The submission contains an answer that does not belong to its question.");
    }
    if (question.kind !== "multiple" && choiceIds.length > 1) {
      problems.push("A single-answer question was given several answers.");
    }
    if (new Set(choiceIds).size !== choiceIds.length) {
      problems.push("The same answer was submitted twice.");
    }
  }
  return [...new Set(problems)];
}

/** Questions left unanswered (allowed, but worth a warning before submitting). */
export function unansweredQuestions(
  questions: readonly GradableQuestion[],
  submission: Submission,
): number[] {
  return questions.filter((q) => (submission.get(q.id) ?? []).length === 0).map((q) => q.id);
}

/**
 * Credit for one question, 0..1. Single answer and true/false: all or nothing. Multiple
 * answers: (right choices picked − wrong choices picked) / right choices, never below 0, so
 * ticking everything earns nothing.
 */
export function questionCredit(question: GradableQuestion, chosen: readonly number[]): number {
  const picked = new Set(chosen);
  const correct = question.choices.filter((c) => c.isCorrect);
  if (question.kind !== "multiple") {
    return picked.size === 1 && correct.some((c) => picked.has(c.id)) ? 1 : 0;
  }
  if (correct.length === 0) return 0;
  const right = correct.filter((c) => picked.has(c.id)).length;
  const wrong = question.choices.filter((c) => !c.isCorrect && picked.has(c.id)).length;
  return Math.max(0, (right - wrong) / correct.length);
}

export interface Grade {
  scorePercent: number;
  passed: boolean;
  credits: Map<number, number>;
}

/** Rule 1: pass when the score reaches the pass mark. Scores are rounded to 0.1. */
export function gradeSubmission(
  questions: readonly GradableQuestion[],
  submission: Submission,
  passMarkPercent: number,
): Grade {
  const credits = new Map<number, number>();
  let total = 0;
  for (const q of questions) {
    const credit = questionCredit(q, submission.get(q.id) ?? []);
    credits.set(q.id, credit);
    total += credit;
  }
  const scorePercent = questions.length === 0 ? 0 : Math.round((total / questions.length) * 1000) / 10;
  return { scorePercent, passed: scorePercent >= passMarkPercent, credits };
}

/**
 * The rolling attempt limit: at most `maxPerDay` attempts started in any 24 hours. Returns
 * undefined when a new attempt may start now, otherwise when the next one may.
 */
export function nextAttemptAllowedAt(
  startedAt: readonly Date[],
  maxPerDay: number,
  now: Date,
): Date | undefined {
  const windowStart = now.getTime() - DAY_MS;
  const recent = startedAt
    .map((d) => d.getTime())
    .filter((t) => t > windowStart && t <= now.getTime())
    .sort((a, b) => a - b);
  if (recent.length < maxPerDay) return undefined;
  const freeing = recent[recent.length - maxPerDay];
  return freeing === undefined ? undefined : new Date(freeing + DAY_MS);
}
