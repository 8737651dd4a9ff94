/**
 * Assessment rules: the credit a response earns for each kind of question, the score of an
 * attempt, and the rolling attempt limit. Pure: the caller brings the questions, the
 * responses and the time. Which questions an attempt asks is `exam-forms.ts`.
 */
import type { AttemptResponse, QuestionKind } from "#db/vocabulary";
import { normaliseShortAnswer, numberMatches, parseNumericAnswer, parseTypedNumber } from "./answers";
import { DAY_MS } from "./time";

export interface GradableChoice {
  id: number;
  text: string;
  isCorrect: boolean;
  /** Numerical and short answers: credit 0..1 (GIFT `%50%`); null = full when correct. */
  weight: number | null;
  /** Matching: the right item this left item goes with. */
  matchText: string | null;
}

export interface GradableQuestion {
  id: number;
  kind: QuestionKind;
  choices: GradableChoice[];
}

export const CHOICE_KINDS: readonly QuestionKind[] = ["single", "multiple", "truefalse"];
export const TYPED_KINDS: readonly QuestionKind[] = ["numerical", "short"];

function weightOf(choice: GradableChoice): number {
  if (!choice.isCorrect) return 0;
  return choice.weight === null ? 1 : Math.max(0, Math.min(1, choice.weight));
}

/** Matching: the left items (choices with text); choices with an empty text are distractors. */
export function matchingLeftItems(question: GradableQuestion): GradableChoice[] {
  return question.choices.filter((c) => c.text !== "");
}

/** Matching: one representative choice per distinct right item, in authored order. */
export function matchingRightOptions(question: GradableQuestion): GradableChoice[] {
  const seen = new Set<string>();
  const options: GradableChoice[] = [];
  for (const c of question.choices) {
    const right = c.matchText ?? "";
    if (right === "" || seen.has(right)) continue;
    seen.add(right);
    options.push(c);
  }
  return options;
}

/**
 * Credit for one question, 0..1.
 * - Single answer and true/false: all or nothing.
 * - Multiple answers: (right choices picked − wrong choices picked) / right choices, never
 *   below 0, so ticking everything earns nothing.
 * - Numerical: the best weight among the accepted answers the typed number falls in.
 * - Short answer: the best weight among the accepted answers equal to the typed text
 *   (trimmed, spaces collapsed, case-insensitive).
 * - Matching: the share of left items matched to their right item.
 */
export function questionCredit(question: GradableQuestion, response: AttemptResponse | null): number {
  switch (question.kind) {
    case "single":
    case "truefalse":
    case "multiple": {
      const picked = new Set(response && "choices" in response ? response.choices : []);
      const correct = question.choices.filter((c) => c.isCorrect);
      if (question.kind !== "multiple") {
        return picked.size === 1 && correct.some((c) => picked.has(c.id)) ? 1 : 0;
      }
      if (correct.length === 0) return 0;
      const right = correct.filter((c) => picked.has(c.id)).length;
      const wrong = question.choices.filter((c) => !c.isCorrect && picked.has(c.id)).length;
      return Math.max(0, (right - wrong) / correct.length);
    }
    case "numerical": {
      const value = response && "text" in response ? parseTypedNumber(response.text) : undefined;
      if (value === undefined) return 0;
      let best = 0;
      for (const c of question.choices) {
        const answer = parseNumericAnswer(c.text);
        if (answer && numberMatches(value, answer)) best = Math.max(best, weightOf(c));
      }
      return best;
    }
    case "short": {
      const typed = response && "text" in response ? normaliseShortAnswer(response.text) : "";
      if (typed === "") return 0;
      let best = 0;
      for (const c of question.choices)
        if (normaliseShortAnswer(c.text) === typed) best = Math.max(best, weightOf(c));
      return best;
    }
    case "matching": {
      const left = matchingLeftItems(question);
      if (left.length === 0) return 0;
      const pairs = response && "pairs" in response ? response.pairs : {};
      const byId = new Map(question.choices.map((c) => [c.id, c]));
      const right = left.filter((item) => {
        const chosen = byId.get(pairs[String(item.id)] ?? -1);
        return chosen !== undefined && chosen.matchText === item.matchText;
      }).length;
      return right / left.length;
    }
  }
}

/** Whether a response says anything at all (an unanswered question scores 0). */
export function isAnswered(response: AttemptResponse | null | undefined): boolean {
  if (!response) return false;
  if ("choices" in response) return response.choices.length > 0;
  if ("text" in response) return response.text.trim() !== "";
  return Object.keys(response.pairs).length > 0;
}

/** Rule 1's score: the mean credit in percent, rounded to 0.1. */
export function scorePercent(totalCredit: number, questionCount: number): number {
  return questionCount === 0 ? 0 : Math.round((totalCredit / questionCount) * 1000) / 10;
}

export interface Grade {
  scorePercent: number;
  passed: boolean;
  credits: number[];
}

/** Rule 1: pass when the score reaches the pass mark. `items` in the attempt's order. */
export function gradeAttempt(
  items: readonly { question: GradableQuestion; response: AttemptResponse | null }[],
  passMarkPercent: number,
): Grade {
  const credits = items.map((item) => questionCredit(item.question, item.response));
  const score = scorePercent(
    credits.reduce((sum, c) => sum + c, 0),
    items.length,
  );
  return { scorePercent: score, passed: score >= passMarkPercent, credits };
}

/**
 * The score per competency of a graded attempt: each question counts for the competency it
 * is tagged with, or for every competency the module teaches when it is not tagged.
 */
export function scoresByCompetency(
  items: readonly { competencyId: number | null; credit: number }[],
  taught: readonly number[],
): { competencyId: number; scorePercent: number; questions: number }[] {
  return taught.map((competencyId) => {
    const counted = items.filter((i) => i.competencyId === null || i.competencyId === competencyId);
    return {
      competencyId,
      scorePercent: scorePercent(
        counted.reduce((sum, i) => sum + i.credit, 0),
        counted.length,
      ),
      questions: counted.length,
    };
  });
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
