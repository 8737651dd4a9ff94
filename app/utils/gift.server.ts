/**
 * Moodle GIFT → the app's question shape, with line numbers (`gift-writer.server.ts` writes
 * it back). Supported: multiple choice with one or several correct answers, true/false,
 * numerical (tolerance, range, several answers with partial credit), short answer,
 * matching, per-answer feedback, the `####` explanation, `$CATEGORY:` lines and a
 * `// [tag:<competency>]` comment naming the competency a question assesses. Everything else (essay, description, embedded answers,
 * `[id:]`, unknown tags) is reported as a problem with its line, never silently dropped.
 */
import { parse, type GIFTQuestion, type NumericalFormat } from "gift-pegjs";
import type { QuestionKind } from "#db/vocabulary";
import { GIFT_MAX_BYTES, GIFT_MAX_QUESTIONS, questionProblems } from "~/domain/publishing";

export { GIFT_MAX_BYTES };
export type { QuestionKind };

export interface ParsedChoice {
  text: string;
  isCorrect: boolean;
  feedback: string;
  /** Numerical and short answers: credit 0..1; null = full credit when correct. */
  weight: number | null;
  /** Matching: the right item (the choice's text is the left item, empty for a distractor). */
  matchText: string | null;
}

export interface ParsedQuestion {
  kind: QuestionKind;
  title: string | null;
  prompt: string;
  explanation: string;
  /** The `$CATEGORY:` the question is under (by convention a lesson's file stem). */
  category: string | null;
  /** Slug of the competency it assesses (`// [tag:…]`); null = all the module teaches. */
  competency: string | null;
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

type Block =
  { kind: "question"; text: string; line: number } | { kind: "category"; name: string; line: number };

const CATEGORY_LINE = /^\s*\$CATEGORY:\s*(.*?)\s*$/;
const META_COMMENT = /^\s*\/\/.*\[(?:tag|id):/;

/**
 * Splits GIFT source into questions at blank lines outside `{…}`, remembering each start
 * line. `$CATEGORY:` lines are blocks of their own; comment lines carrying `[tag:]` or
 * `[id:]` stay with the question they precede.
 */
function splitBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  let depth = 0;
  let current: string[] = [];
  let start = 1;
  const flush = () => {
    if (current.length > 0) blocks.push({ kind: "question", text: current.join("\n"), line: start });
    current = [];
  };
  lines.forEach((line, index) => {
    const isComment = /^\s*\/\//.test(line);
    const category = depth === 0 ? CATEGORY_LINE.exec(line) : null;
    if (category) {
      flush();
      blocks.push({ kind: "category", name: category[1] ?? "", line: index + 1 });
      return;
    }
    if (
      depth === 0 &&
      (line.trim() === "" || (current.length === 0 && isComment && !META_COMMENT.test(line)))
    ) {
      flush();
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
  flush();
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

/** A numerical answer as it is stored: `100000`, `100000:500` or `95000..105000`. */
function numericText(format: NumericalFormat): string {
  if (format.type === "high-low") return `${format.numberLow ?? 0}..${format.numberHigh ?? 0}`;
  if (format.type === "range" && format.range) return `${format.number ?? 0}:${format.range}`;
  return String(format.number ?? 0);
}

const percent = (weight: number | null) => (weight === null ? null : weight / 100);

type Shape = Omit<ParsedQuestion, "line" | "category" | "competency">;

function convert(q: GIFTQuestion): Shape | string | null {
  if (q.type === "Category") return null;
  if (q.type === "Description" || q.type === "Essay")
    return `Unsupported question type "${q.type}": use multiple choice, true/false, numerical, short answer or matching.`;
  if (q.hasEmbeddedAnswers)
    return "Answers embedded in the middle of the question text are not supported: put the answers at the end.";
  const head = {
    title: q.title?.trim() || null,
    prompt: textOf(q.stem),
    explanation: textOf(q.globalFeedback),
  };
  const none = { weight: null, matchText: null };
  switch (q.type) {
    case "MC": {
      const choices = q.choices.map((c) => ({
        ...none,
        text: textOf(c.text),
        isCorrect: c.weight !== null ? c.weight > 0 : c.isCorrect,
        feedback: textOf(c.feedback),
      }));
      return {
        ...head,
        kind: choices.filter((c) => c.isCorrect).length > 1 ? "multiple" : "single",
        choices,
      };
    }
    case "TF": {
      // Moodle's order: the first feedback is for a wrong answer, the second for a right one.
      const wrongFeedback = textOf(q.trueFeedback);
      const rightFeedback = textOf(q.falseFeedback);
      return {
        ...head,
        kind: "truefalse",
        choices: [
          { ...none, text: "True", isCorrect: q.isTrue, feedback: q.isTrue ? rightFeedback : wrongFeedback },
          {
            ...none,
            text: "False",
            isCorrect: !q.isTrue,
            feedback: q.isTrue ? wrongFeedback : rightFeedback,
          },
        ],
      };
    }
    case "Numerical": {
      const answers = Array.isArray(q.choices)
        ? q.choices
        : [{ isCorrect: true, weight: null, text: q.choices, feedback: null }];
      return {
        ...head,
        kind: "numerical",
        choices: answers.map((a) => ({
          text: numericText(a.text),
          isCorrect: a.isCorrect && (a.weight === null || a.weight > 0),
          weight: a.isCorrect && a.weight !== null && a.weight > 0 ? percent(a.weight) : null,
          feedback: textOf(a.feedback),
          matchText: null,
        })),
      };
    }
    case "Short":
      return {
        ...head,
        kind: "short",
        choices: q.choices.map((a) => ({
          text: textOf(a.text),
          isCorrect: a.weight === null || a.weight > 0,
          weight: a.weight !== null && a.weight > 0 ? percent(a.weight) : null,
          feedback: textOf(a.feedback),
          matchText: null,
        })),
      };
    case "Matching":
      return {
        ...head,
        kind: "matching",
        choices: q.matchPairs.map((pair) => ({
          text: textOf(pair.subquestion),
          isCorrect: textOf(pair.subquestion) !== "",
          feedback: "",
          weight: null,
          matchText: pair.subanswer.trim(),
        })),
      };
  }
}

/**
 * Reads GIFT. `competencies` are the slugs a `// [tag:…]` may name (the competencies the
 * module teaches); any other tag is a problem.
 */
export function parseGift(source: string, competencies: readonly string[] = []): GiftResult {
  const problems: GiftProblem[] = [];
  const questions: ParsedQuestion[] = [];
  if (Buffer.byteLength(source, "utf8") > GIFT_MAX_BYTES) {
    return {
      questions,
      problems: [{ line: 1, message: `The file is larger than ${GIFT_MAX_BYTES / 1024} KB.` }],
    };
  }
  let category: string | null = null;
  for (const block of splitBlocks(source)) {
    if (block.kind === "category") {
      if (block.name === "") problems.push({ line: block.line, message: "$CATEGORY: needs a name." });
      category = block.name || null;
      continue;
    }
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
      const line = block.line;
      if (q.type === "Category") {
        category = q.title.trim() || null;
        continue;
      }
      if (q.id) problems.push({ line, message: `[id:${q.id}] is not supported: remove it.` });
      const tags = q.tags ?? [];
      const unknown = tags.filter((t) => !competencies.includes(t));
      if (unknown.length > 0)
        problems.push({
          line,
          message: `[tag:${unknown.join("], [tag:")}] names no competency this module teaches (${competencies.join(", ") || "none"}); a tag says which competency a question assesses.`,
        });
      else if (tags.length > 1)
        problems.push({ line, message: "A question assesses one competency: give it one [tag:…] at most." });
      const shape = convert(q);
      if (shape === null) continue;
      if (typeof shape === "string") {
        problems.push({ line, message: shape });
        continue;
      }
      const question: ParsedQuestion = { ...shape, category, competency: tags[0] ?? null, line };
      const wrong = questionProblems(question);
      if (wrong.length > 0) problems.push(...wrong.map((message) => ({ line, message })));
      else questions.push(question);
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
