/**
 * The question editor's form: rows of choices arrive as parallel lists (`choiceText`,
 * `choiceFeedback`, `choiceCorrect` = row indexes). Parsed into the same shape a GIFT import
 * produces, with messages a trainer can act on.
 */
import { z } from "zod";
import type { QuestionKind } from "./gift.server";

export const MAX_CHOICES = 8;

const QuestionSchema = z
  .object({
    kind: z.enum(["single", "multiple", "truefalse"], { error: "Choose the kind of question." }),
    title: z.string().trim().max(200, "Titles are at most 200 characters."),
    prompt: z
      .string()
      .trim()
      .min(1, "Write the question.")
      .max(5_000, "Questions are at most 5,000 characters."),
    explanation: z.string().trim().max(5_000, "Explanations are at most 5,000 characters."),
    choices: z
      .array(
        z.object({
          text: z
            .string()
            .trim()
            .min(1, "An answer is empty.")
            .max(1_000, "Answers are at most 1,000 characters."),
          isCorrect: z.boolean(),
          feedback: z.string().trim().max(2_000, "Feedback is at most 2,000 characters."),
        }),
      )
      .min(2, "Give at least two answers.")
      .max(MAX_CHOICES, `At most ${MAX_CHOICES} answers.`),
  })
  .superRefine((q, ctx) => {
    const correct = q.choices.filter((c) => c.isCorrect).length;
    if (correct === 0)
      ctx.addIssue({ code: "custom", path: ["choices"], message: "Mark the correct answer." });
    if (q.kind !== "multiple" && correct > 1) {
      ctx.addIssue({
        code: "custom",
        path: ["choices"],
        message:
          "A single-answer question has exactly one correct answer (use “multiple answers” otherwise).",
      });
    }
    if (q.kind === "truefalse") {
      const texts = q.choices.map((c) => c.text.toLowerCase()).sort();
      if (texts.length !== 2 || texts[0] !== "false" || texts[1] !== "true") {
        ctx.addIssue({
          code: "custom",
          path: ["choices"],
          message: "A true/false question has exactly two answers: True and False.",
        });
      }
    }
  });

export interface QuestionFormValues {
  kind: string;
  title: string;
  prompt: string;
  explanation: string;
  choices: { text: string; feedback: string; isCorrect: boolean }[];
}

export function readQuestionForm(form: FormData): QuestionFormValues {
  const texts = form
    .getAll("choiceText")
    .map(String)
    .slice(0, MAX_CHOICES + 4);
  const feedback = form.getAll("choiceFeedback").map(String);
  const correct = new Set(form.getAll("choiceCorrect").map(String));
  return {
    kind: String(form.get("kind") ?? ""),
    title: String(form.get("title") ?? ""),
    prompt: String(form.get("prompt") ?? ""),
    explanation: String(form.get("explanation") ?? ""),
    choices: texts.map((text, i) => ({
      text,
      feedback: feedback[i] ?? "",
      isCorrect: correct.has(String(i)),
    })),
  };
}

export function parseQuestion(values: QuestionFormValues):
  | {
      ok: true;
      question: {
        kind: QuestionKind;
        title: string | null;
        prompt: string;
        explanation: string;
        choices: { text: string; isCorrect: boolean; feedback: string }[];
      };
    }
  | { ok: false; errors: Record<string, string> } {
  // Blank rows are how the form offers room for more answers: they are not answers.
  const choices = values.choices.filter(
    (c) => c.text.trim() !== "" || c.feedback.trim() !== "" || c.isCorrect,
  );
  const parsed = QuestionSchema.safeParse({ ...values, choices });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  return { ok: true, question: { ...parsed.data, title: parsed.data.title || null } };
}
