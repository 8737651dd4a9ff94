/**
 * What a draft needs before it can be published (DESIGN.md, module versions). Pure: the
 * caller brings the draft's shape; the answer is a list of reasons a trainer can act on.
 */

/** Size limits authors meet in the browser and on the server alike. */
export const LESSON_MAX_CHARS = 200_000;
export const GIFT_MAX_BYTES = 1024 * 1024;
export const GIFT_MAX_QUESTIONS = 500;

/** Roughly how long a lesson takes to read (200 words a minute), at least one minute. */
export function readingMinutes(markdown: string): number {
  return Math.max(1, Math.round(markdown.split(/\s+/).filter(Boolean).length / 200));
}

export interface DraftShape {
  title: string;
  minutes: number;
  passMarkPercent: number;
  competencyCount: number;
  lessons: { title: string; bodyMarkdown: string }[];
  questions: {
    kind: "single" | "multiple" | "truefalse";
    prompt: string;
    choices: { isCorrect: boolean; text: string }[];
  }[];
}

/**
 * Fewest questions for a pass mark to be sensible: a learner who knows the material must be
 * able to pass with one question wrong, so (n − 1) / n ≥ pass mark; and never fewer than 3.
 */
export function minimumQuestions(passMarkPercent: number): number {
  if (passMarkPercent >= 100) return 3;
  return Math.max(3, Math.ceil(100 / (100 - passMarkPercent)));
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
  if (draft.questions.length === 0) {
    problems.push("Add assessment questions.");
  } else {
    const needed = minimumQuestions(draft.passMarkPercent);
    if (draft.questions.length < needed) {
      problems.push(
        `With a pass mark of ${draft.passMarkPercent}%, the assessment needs at least ${needed} questions so that one wrong answer can still pass (it has ${draft.questions.length}).`,
      );
    }
  }
  draft.questions.forEach((q, i) => {
    const correct = q.choices.filter((c) => c.isCorrect).length;
    if (q.prompt.trim() === "") problems.push(`Question ${i + 1} has no text.`);
    if (q.choices.length < 2) problems.push(`Question ${i + 1} needs at least two answers.`);
    if (correct === 0) problems.push(`Question ${i + 1} has no correct answer.`);
    if (q.kind !== "multiple" && correct > 1)
      problems.push(`Question ${i + 1} is single-answer but marks ${correct} answers correct.`);
    if (q.choices.some((c) => c.text.trim() === "")) problems.push(`Question ${i + 1} has an empty answer.`);
  });
  return problems;
}
