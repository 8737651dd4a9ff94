/**
 * The question editor's form: rows of answers arrive as parallel lists (`choiceText`,
 * `choiceFeedback`, `choiceWeight`, `choiceMatch`, and `choiceCorrect` = row indexes).
 * Parsed into the same shape a GIFT import produces, with messages a trainer can act on;
 * what makes a question of each kind well-formed is one rule (`questionProblems`).
 */
import { z } from "zod";
import { QUESTION_KINDS, type QuestionKind } from "#db/vocabulary";
import { questionProblems } from "~/domain/publishing";

export const MAX_CHOICES = 8;

export interface QuestionFormRow {
  text: string;
  feedback: string;
  isCorrect: boolean;
  /** Credit in percent for numerical and short answers ("" = 100). */
  weight: string;
  /** Matching: what the item matches. */
  matchText: string;
}

export interface QuestionFormValues {
  kind: string;
  title: string;
  prompt: string;
  explanation: string;
  /** A lesson's stem or another category; "" = none. */
  category: string;
  /** A competency slug; "" = every competency the module teaches. */
  competency: string;
  choices: QuestionFormRow[];
}

/** A question ready for the model: the GIFT reader's shape without a line. */
export interface QuestionInputValues {
  kind: QuestionKind;
  title: string | null;
  prompt: string;
  explanation: string;
  category: string | null;
  competency: string | null;
  choices: {
    text: string;
    isCorrect: boolean;
    feedback: string;
    weight: number | null;
    matchText: string | null;
  }[];
}

const text = (max: number, message: string) => z.string().trim().max(max, message);

const QuestionSchema = z.object({
  kind: z.enum(QUESTION_KINDS, { error: "Choose the kind of question." }),
  title: text(200, "Titles are at most 200 characters."),
  prompt: z
    .string()
    .trim()
    .min(1, "Write the question.")
    .max(5_000, "Questions are at most 5,000 characters."),
  explanation: text(5_000, "Explanations are at most 5,000 characters."),
  category: text(120, "Categories are at most 120 characters.").regex(
    /^[^\n{}]*$/,
    "A category cannot contain braces or line breaks.",
  ),
  competency: text(120, "Unknown competency."),
  choices: z
    .array(
      z.object({
        text: text(1_000, "Answers are at most 1,000 characters."),
        isCorrect: z.boolean(),
        feedback: text(2_000, "Feedback is at most 2,000 characters."),
        weight: z.union([
          z.literal("").transform(() => 100),
          z.coerce
            .number({ error: "Credit is a percentage." })
            .min(0, "Credit is between 0 and 100%.")
            .max(100, "Credit is between 0 and 100%."),
        ]),
        matchText: text(1_000, "Answers are at most 1,000 characters."),
      }),
    )
    .min(1, "Give at least one answer.")
    .max(MAX_CHOICES, `At most ${MAX_CHOICES} answers.`),
});

export function readQuestionForm(form: FormData): QuestionFormValues {
  const list = (name: string) => form.getAll(name).map(String);
  const texts = list("choiceText").slice(0, MAX_CHOICES + 4);
  const feedback = list("choiceFeedback");
  const weights = list("choiceWeight");
  const matches = list("choiceMatch");
  const correct = new Set(list("choiceCorrect"));
  return {
    kind: String(form.get("kind") ?? ""),
    title: String(form.get("title") ?? ""),
    prompt: String(form.get("prompt") ?? ""),
    explanation: String(form.get("explanation") ?? ""),
    category: String(form.get("newCategory") ?? "").trim() || String(form.get("category") ?? ""),
    competency: String(form.get("competency") ?? ""),
    choices: texts.map((t, i) => ({
      text: t,
      feedback: feedback[i] ?? "",
      isCorrect: correct.has(String(i)),
      weight: weights[i] ?? "",
      matchText: matches[i] ?? "",
    })),
  };
}

/** The rows of a stored question as the form shows them. */
export function formRows(
  choices: readonly {
    text: string;
    feedback: string;
    isCorrect: boolean;
    weight: number | null;
    matchText: string | null;
  }[],
): QuestionFormRow[] {
  return choices.map((c) => ({
    text: c.text,
    feedback: c.feedback,
    isCorrect: c.isCorrect,
    weight: c.isCorrect ? (c.weight === null ? "" : String(Math.round(c.weight * 1000) / 10)) : "0",
    matchText: c.matchText ?? "",
  }));
}

function isBlank(row: QuestionFormRow): boolean {
  return (
    row.text.trim() === "" && row.feedback.trim() === "" && row.matchText.trim() === "" && !row.isCorrect
  );
}

export function parseQuestion(
  values: QuestionFormValues,
): { ok: true; question: QuestionInputValues } | { ok: false; errors: Record<string, string> } {
  // Blank rows are how the form offers room for more answers: they are not answers.
  const parsed = QuestionSchema.safeParse({ ...values, choices: values.choices.filter((c) => !isBlank(c)) });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  const q = parsed.data;
  const typed = q.kind === "numerical" || q.kind === "short";
  const question: QuestionInputValues = {
    kind: q.kind,
    title: q.title || null,
    prompt: q.prompt,
    explanation: q.explanation,
    category: q.category || null,
    competency: q.competency || null,
    choices: q.choices.map((c) => ({
      text: c.text,
      feedback: c.feedback,
      // Typed answers: the credit says it all (0% = a wrong answer with its own feedback).
      isCorrect: typed ? c.weight > 0 : q.kind === "matching" ? c.text !== "" : c.isCorrect,
      weight: typed && c.weight > 0 && c.weight < 100 ? c.weight / 100 : null,
      matchText: q.kind === "matching" ? c.matchText : null,
    })),
  };
  const problems = questionProblems(question);
  if (q.kind === "truefalse") {
    const texts = question.choices.map((c) => c.text.toLowerCase()).sort();
    if (texts.length !== 2 || texts[0] !== "false" || texts[1] !== "true")
      problems.push("A true/false question has exactly two answers: True and False.");
  }
  const choiceProblem = problems.find((p) => p !== "The question has no text.");
  if (choiceProblem) return { ok: false, errors: { choices: choiceProblem } };
  return { ok: true, question };
}
