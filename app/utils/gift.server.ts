/**
 * Moodle GIFT → the app's question shape, with line numbers. Supported: multiple choice
 * with one or several correct answers, true/false, per-answer feedback, `####` explanation.
 * Other GIFT types are reported as errors with their line, never silently dropped.
 */
import { parse, type GIFTQuestion } from "gift-pegjs";

import { GIFT_MAX_BYTES, GIFT_MAX_QUESTIONS } from "~/domain/publishing";

export { GIFT_MAX_BYTES };

export type QuestionKind = "single" | "multiple" | "truefalse";

export interface ParsedChoice {
  text: string;
  isCorrect: boolean;
  feedback: string;
}

export interface ParsedQuestion {
  kind: QuestionKind;
  title: string | null;
  prompt: string;
  explanation: string;
  choices: ParsedChoice[];
  line: number;
}

export interface GiftProblem {
  line: number;
  column?: number;
  message: string;
}

export interface GiftResult {
  questions: ParsedQuestion[];
  problems: GiftProblem[];
}

interface Block {
  text: string;
  line: number;
}

/** Splits GIFT source into questions at blank lines outside `{…}`, remembering each start line. */
function splitBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  let depth = 0;
  let current: string[] = [];
  let start = 1;
  lines.forEach((line, index) => {
    const isComment = /^\s*\/\//.test(line);
    if (depth === 0 && (line.trim() === "" || (current.length === 0 && isComment))) {
      if (current.length > 0) blocks.push({ text: current.join("\n"), line: start });
      current = [];
      return;
    }
    if (current.length === 0) start = index + 1;
    current.push(line);
    if (!isComment) {
      for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (ch === "\\") i++;
        else if (ch === "{") depth++;
        else if (ch === "}") depth = Math.max(0, depth - 1);
      }
    }
  });
  if (current.length > 0) blocks.push({ text: current.join("\n"), line: start });
  return blocks;
}

function textOf(value: { text: string } | null | undefined): string {
  return (value?.text ?? "").trim();
}

function locationOf(error: unknown): { line: number; column: number } | undefined {
  if (typeof error !== "object" || error === null || !("location" in error)) return undefined;
  const location = (error as { location?: { start?: { line?: number; column?: number } } }).location;
  const line = location?.start?.line;
  const column = location?.start?.column;
  return typeof line === "number" && typeof column === "number" ? { line, column } : undefined;
}

function convert(q: GIFTQuestion, line: number): ParsedQuestion | GiftProblem | null {
  switch (q.type) {
    case "Category":
      return null;
    case "MC": {
      const choices = q.choices.map((c) => ({
        text: textOf(c.text),
        isCorrect: c.weight !== null ? c.weight > 0 : c.isCorrect,
        feedback: textOf(c.feedback),
      }));
      const correct = choices.filter((c) => c.isCorrect).length;
      if (choices.length < 2)
        return { line, message: "A multiple-choice question needs at least two answers." };
      if (correct === 0)
        return {
          line,
          message: "This question has no correct answer (mark one with = or a positive weight).",
        };
      if (choices.some((c) => c.text === "")) return { line, message: "An answer is empty." };
      return {
        kind: correct > 1 ? "multiple" : "single",
        title: q.title?.trim() || null,
        prompt: textOf(q.stem),
        explanation: textOf(q.globalFeedback),
        choices,
        line,
      };
    }
    case "TF": {
      // Moodle's order: the first feedback is for a wrong answer, the second for a right one.
      const wrongFeedback = textOf(q.trueFeedback);
      const rightFeedback = textOf(q.falseFeedback);
      return {
        kind: "truefalse",
        title: q.title?.trim() || null,
        prompt: textOf(q.stem),
        explanation: textOf(q.globalFeedback),
        choices: [
          { text: "True", isCorrect: q.isTrue, feedback: q.isTrue ? rightFeedback : wrongFeedback },
          { text: "False", isCorrect: !q.isTrue, feedback: q.isTrue ? wrongFeedback : rightFeedback },
        ],
        line,
      };
    }
    default:
      return {
        line,
        message: `Unsupported question type "${q.type}": use multiple choice or true/false.`,
      };
  }
}

export function parseGift(source: string): GiftResult {
  const problems: GiftProblem[] = [];
  const questions: ParsedQuestion[] = [];
  if (Buffer.byteLength(source, "utf8") > GIFT_MAX_BYTES) {
    return {
      questions,
      problems: [{ line: 1, message: `The file is larger than ${GIFT_MAX_BYTES / 1024} KB.` }],
    };
  }
  for (const block of splitBlocks(source)) {
    let parsed: GIFTQuestion[];
    try {
      parsed = parse(block.text + "\n");
    } catch (error) {
      const at = locationOf(error);
      const message = error instanceof Error ? error.message : "Syntax error";
      const lastLine = block.line + block.text.split("\n").length - 1;
      problems.push({
        // "end of input" points past the block: report its last line instead.
        line: Math.min(block.line + (at ? at.line - 1 : 0), lastLine),
        column: at?.column,
        message: `GIFT syntax error: ${message} (special characters in text must be escaped: \\: \\= \\~ \\# \\{ \\})`,
      });
      continue;
    }
    for (const q of parsed) {
      const result = convert(q, block.line);
      if (result === null) continue;
      if ("message" in result) problems.push(result);
      else if (result.prompt === "")
        problems.push({ line: block.line, message: "The question has no text." });
      else questions.push(result);
    }
    if (questions.length > GIFT_MAX_QUESTIONS) {
      return {
        questions: [],
        problems: [
          { line: block.line, message: `More than ${GIFT_MAX_QUESTIONS} questions: split the assessment.` },
        ],
      };
    }
  }
  return { questions, problems };
}

/** Escapes GIFT's special characters (and line breaks) in free text. */
export function escapeGift(text: string): string {
  return text.replace(/[\\~=#{}:]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
}

function formatWeight(weight: number): string {
  return Number.isInteger(weight) ? String(weight) : weight.toFixed(5);
}

/** Writes questions as Moodle GIFT, readable again by `parseGift`. */
export function toGift(questions: readonly Omit<ParsedQuestion, "line">[]): string {
  return questions
    .map((q) => {
      const head = `${q.title ? `::${escapeGift(q.title)}:: ` : ""}${escapeGift(q.prompt)}`;
      const explanation = q.explanation ? `\n####${escapeGift(q.explanation)}` : "";
      if (q.kind === "truefalse") {
        const right = q.choices.find((c) => c.isCorrect);
        const wrong = q.choices.find((c) => !c.isCorrect);
        const isTrue = right?.text === "True";
        return `${head} {${isTrue ? "TRUE" : "FALSE"}#${escapeGift(wrong?.feedback ?? "")}#${escapeGift(right?.feedback ?? "")}${explanation}\n}`;
      }
      const correct = q.choices.filter((c) => c.isCorrect).length;
      const lines = q.choices.map((c) => {
        const feedback = c.feedback ? `#${escapeGift(c.feedback)}` : "";
        if (q.kind === "multiple") {
          const weight = c.isCorrect ? 100 / correct : -100;
          return `~%${formatWeight(weight)}%${escapeGift(c.text)}${feedback}`;
        }
        return `${c.isCorrect ? "=" : "~"}${escapeGift(c.text)}${feedback}`;
      });
      return `${head} {\n${lines.join("\n")}${explanation}\n}`;
    })
    .join("\n\n")
    .concat("\n");
}
