/**
 * What a draft needs before it can be published (DESIGN.md, module versions), and what
 * makes one question well-formed whatever its kind. Pure: the caller brings the draft's
 * shape; the answer is a list of reasons a trainer can act on.
 */
import type { QuestionKind } from "#db/vocabulary";
import { normaliseShortAnswer, parseNumericAnswer } from "./answers";
import { asBankEntries, bankProblems, type BankEntry } from "./exam-forms";

/** Size limits authors meet in the browser and on the server alike. */
export const LESSON_MAX_CHARS = 200_000;
export const GIFT_MAX_BYTES = 1024 * 1024;
export const GIFT_MAX_QUESTIONS = 500;
export const FORM_SIZE_MAX = 100;
export const TIME_LIMIT_MAX_MINUTES = 600;
export const DEFAULT_FORM_SIZE = 10;

export interface QuestionShape {
  kind: QuestionKind;
  prompt: string;
  choices: { isCorrect: boolean; text: string; weight: number | null; matchText: string | null }[];
}

/** Roughly how long a lesson takes to read (200 words a minute), at least one minute. */
export function readingMinutes(markdown: string): number {
  return Math.max(1, Math.round(markdown.split(/\s+/).filter(Boolean).length / 200));
}

export interface DraftShape {
  title: string;
  minutes: number;
  passMarkPercent: number;
  formSize: number;
  timeLimitMinutes: number | null;
  competencyCount: number;
  /** Whether a competency it teaches is required by a certification program (bank rule). */
  countsTowardsCertification: boolean;
  lessons: { title: string; bodyMarkdown: string }[];
  questions: (QuestionShape & { category: string | null; competencyId: number | null })[];
  /** Names of the competencies questions are tagged with, for the bank rule's messages. */
  competencyNames?: ReadonlyMap<number, string>;
}

/**
 * Fewest questions for a pass mark to be sensible: a learner who knows the material must be
 * able to pass with one question wrong, so (n − 1) / n ≥ pass mark; and never fewer than 3.
 */
export function minimumQuestions(passMarkPercent: number): number {
  if (passMarkPercent >= 100) return 3;
  return Math.max(3, Math.ceil(100 / (100 - passMarkPercent)));
}

/** What is wrong with one question (any kind); empty when it can be asked and graded. */
export function questionProblems(q: QuestionShape): string[] {
  const problems: string[] = [];
  if (q.prompt.trim() === "") problems.push("The question has no text.");
  switch (q.kind) {
    case "numerical": {
      if (q.choices.length === 0) problems.push("Give the accepted number.");
      for (const c of q.choices)
        if (!parseNumericAnswer(c.text))
          problems.push(`“${c.text}” is not a number, a number:tolerance or a low..high range.`);
      if (!q.choices.some((c) => c.isCorrect && (c.weight ?? 1) > 0))
        problems.push("No answer gives credit: mark at least one accepted number with = (100%).");
      break;
    }
    case "short": {
      if (q.choices.length === 0) problems.push("Give at least one accepted answer.");
      if (q.choices.some((c) => c.text.trim() === "")) problems.push("An accepted answer is empty.");
      const seen = q.choices.map((c) => normaliseShortAnswer(c.text));
      if (new Set(seen).size !== seen.length)
        problems.push("Two accepted answers are the same once case and spaces are ignored.");
      if (!q.choices.some((c) => c.isCorrect && (c.weight ?? 1) > 0))
        problems.push("No accepted answer gives credit.");
      break;
    }
    case "matching": {
      const left = q.choices.filter((c) => c.text.trim() !== "");
      const right = new Set(q.choices.map((c) => (c.matchText ?? "").trim()).filter((t) => t !== ""));
      if (left.length < 2) problems.push("A matching question needs at least two items to match.");
      if (right.size < 3)
        problems.push("A matching question needs at least three different answers to choose from.");
      if (q.choices.some((c) => (c.matchText ?? "").trim() === ""))
        problems.push("Every item needs the answer it matches (a -> b).");
      break;
    }
    default: {
      const correct = q.choices.filter((c) => c.isCorrect).length;
      if (q.choices.length < 2) problems.push("A question needs at least two answers.");
      if (correct === 0)
        problems.push("This question has no correct answer (mark one with = or a positive weight).");
      if (q.kind !== "multiple" && correct > 1)
        problems.push(`It is single-answer but marks ${correct} answers correct.`);
      if (q.choices.some((c) => c.text.trim() === "")) problems.push("An answer is empty.");
    }
  }
  return problems;
}

/** The settings of a form, checked wherever they are set (editor, content/ front matter). */
export function formSettingsProblems(settings: {
  passMarkPercent: number;
  formSize: number;
  timeLimitMinutes: number | null;
}): string[] {
  const problems: string[] = [];
  const needed = minimumQuestions(settings.passMarkPercent);
  if (settings.formSize < needed || settings.formSize > FORM_SIZE_MAX)
    problems.push(
      `With a pass mark of ${settings.passMarkPercent}%, a form needs between ${needed} and ${FORM_SIZE_MAX} questions so that one wrong answer can still pass (form size ${settings.formSize}).`,
    );
  if (
    settings.timeLimitMinutes !== null &&
    (settings.timeLimitMinutes < 1 || settings.timeLimitMinutes > TIME_LIMIT_MAX_MINUTES)
  )
    problems.push(`A time limit is between 1 and ${TIME_LIMIT_MAX_MINUTES} minutes.`);
  return problems;
}

export function publishProblems(draft: DraftShape): string[] {
  const problems: string[] = [];
  if (draft.title.trim() === "") problems.push("Give the module a title.");
  if (draft.competencyCount === 0) problems.push("Choose at least one competency the module teaches.");
  if (draft.lessons.length === 0) problems.push("Add at least one lesson.");
  draft.lessons.forEach((lesson, i) => {
    if (lesson.bodyMarkdown.trim() === "")
      problems.push(`Lesson ${i + 1} (“${lesson.title}”) has no content.`);
  });
  problems.push(...formSettingsProblems(draft));
  if (draft.questions.length === 0) {
    problems.push("Add assessment questions.");
  } else {
    const needed = minimumQuestions(draft.passMarkPercent);
    if (draft.questions.length < needed) {
      problems.push(
        `With a pass mark of ${draft.passMarkPercent}%, the assessment needs at least ${needed} questions so that one wrong answer can still pass (it has ${draft.questions.length}).`,
      );
    } else if (draft.countsTowardsCertification) {
      const bank: BankEntry[] = draft.questions.map((q, i) => ({
        id: i + 1,
        competencyId: q.competencyId,
        category: q.category,
      }));
      problems.push(
        ...bankProblems(asBankEntries(bank, draft.competencyCount), draft.formSize, draft.competencyNames),
      );
    }
  }
  draft.questions.forEach((q, i) => {
    for (const problem of questionProblems(q)) problems.push(`Question ${i + 1}: ${problem}`);
  });
  return problems;
}
