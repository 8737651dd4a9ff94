/**
 * The app's questions → Moodle GIFT, readable again by `parseGift` (the module export's
 * `questions.gift`).
 */
import type { ParsedQuestion } from "./gift.server";

/** Escapes GIFT's special characters (and line breaks) in free text. */
export function escapeGift(text: string): string {
  return text.replace(/[\\~=#{}:]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
}

function formatWeight(weight: number): string {
  return Number.isInteger(weight) ? String(weight) : weight.toFixed(5);
}

const feedbackOf = (text: string) => (text ? `#${escapeGift(text)}` : "");
const weightMark = (weight: number | null) =>
  weight === null || weight >= 1 ? "" : `%${formatWeight(weight * 100)}%`;

function answersOf(q: Omit<ParsedQuestion, "line">): string[] {
  switch (q.kind) {
    case "truefalse":
      return [];
    case "numerical":
      return q.choices.map((c) =>
        c.isCorrect
          ? `=${weightMark(c.weight)}${c.text}${feedbackOf(c.feedback)}`
          : `~${c.text}${feedbackOf(c.feedback)}`,
      );
    case "short":
      return q.choices.map((c) => `=${weightMark(c.weight)}${escapeGift(c.text)}${feedbackOf(c.feedback)}`);
    case "matching":
      return q.choices.map((c) => `=${escapeGift(c.text)} -> ${escapeGift(c.matchText ?? "")}`);
    default: {
      const correct = q.choices.filter((c) => c.isCorrect).length;
      return q.choices.map((c) => {
        if (q.kind === "multiple") {
          const weight = c.isCorrect ? 100 / correct : -100;
          return `~%${formatWeight(weight)}%${escapeGift(c.text)}${feedbackOf(c.feedback)}`;
        }
        return `${c.isCorrect ? "=" : "~"}${escapeGift(c.text)}${feedbackOf(c.feedback)}`;
      });
    }
  }
}

function questionToGift(q: Omit<ParsedQuestion, "line">): string {
  const tag = q.competency ? `// [tag:${q.competency}]\n` : "";
  const head = `${tag}${q.title ? `::${escapeGift(q.title)}:: ` : ""}${escapeGift(q.prompt)}`;
  const explanation = q.explanation ? `\n####${escapeGift(q.explanation)}` : "";
  if (q.kind === "truefalse") {
    const right = q.choices.find((c) => c.isCorrect);
    const wrong = q.choices.find((c) => !c.isCorrect);
    const isTrue = right?.text === "True";
    return `${head} {${isTrue ? "TRUE" : "FALSE"}#${escapeGift(wrong?.feedback ?? "")}#${escapeGift(right?.feedback ?? "")}${explanation}\n}`;
  }
  return `${head} {${q.kind === "numerical" ? "#" : ""}\n${answersOf(q).join("\n")}${explanation}\n}`;
}

/**
 * Writes questions as Moodle GIFT, readable again by `parseGift`. GIFT cannot leave a
 * category once it has entered one, so questions without a category come first, then each
 * category in the order it first appears, questions keeping their order within it.
 */
export function toGift(questions: readonly Omit<ParsedQuestion, "line">[]): string {
  const order: (string | null)[] = [null];
  for (const q of questions) if (!order.includes(q.category)) order.push(q.category);
  const parts: string[] = [];
  for (const category of order) {
    const inCategory = questions.filter((q) => q.category === category);
    if (inCategory.length === 0) continue;
    if (category !== null) parts.push(`$CATEGORY: ${category}`);
    parts.push(...inCategory.map(questionToGift));
  }
  return parts.join("\n\n").concat("\n");
}
