/**
 * Typed answers (numerical and short-answer questions): how what a learner types is read,
 * and how an author's accepted answers are written. Pure; shared by grading, the GIFT
 * reader and the question editor. The rules are in docs/decisions/022-typed-answers.md.
 */

/** An accepted numerical answer: a closed interval (an exact value has min = max). */
export interface NumericAnswer {
  min: number;
  max: number;
}

const THOUSANDS_COMMA = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const THOUSANDS_SPACE = /^\d{1,3}(?: \d{3})+(?:[.,]\d+)?$/;
const THOUSANDS_APOSTROPHE = /^\d{1,3}(?:'\d{3})+(?:\.\d+)?$/;
const PLAIN = /^(?:\d+(?:[.,]\d+)?|[.,]\d+)$/;

/**
 * A typed number, or undefined when it is not one. Accepted: `100000`, `100,000`,
 * `100 000` (any space, including no-break and thin spaces), `100'000`, `1,5` or `1.5`
 * (one decimal comma or point), a leading `+`/`-`/`−`, and a trailing `%` (the number of
 * percent: `15%` is 15). A comma followed by exactly three digits groups thousands
 * (`1,500` is 1500), as the catalog writes numbers. Nothing else: no letters, no units,
 * no expressions.
 */
export function parseTypedNumber(input: string): number | undefined {
  let text = input
    .normalize("NFKC")
    .replace(/[\u00a0\u2007\u2009\u202f]/g, " ")
    .trim()
    .replace(/\s*%$/, "")
    .trim();
  let sign = 1;
  if (/^[-\u2212\u2013]/.test(text)) {
    sign = -1;
    text = text.slice(1).trim();
  } else if (text.startsWith("+")) {
    text = text.slice(1).trim();
  }
  let digits: string;
  if (THOUSANDS_COMMA.test(text)) digits = text.replace(/,/g, "");
  else if (THOUSANDS_SPACE.test(text)) digits = text.replace(/ /g, "").replace(",", ".");
  else if (THOUSANDS_APOSTROPHE.test(text)) digits = text.replace(/'/g, "");
  else if (PLAIN.test(text)) digits = text.replace(",", ".");
  else return undefined;
  const value = Number(digits);
  return Number.isFinite(value) ? sign * value : undefined;
}

/** A short answer as compared: trimmed, inner spaces collapsed, case-insensitive. */
export function normaliseShortAnswer(input: string): string {
  return input.normalize("NFKC").trim().replace(/\s+/g, " ").toLocaleLowerCase("en");
}

/** Reads `100000`, `100000:500` or `95000..105000` (how numerical answers are stored). */
export function parseNumericAnswer(text: string): NumericAnswer | undefined {
  const range = /^\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s*$/.exec(text);
  if (range) {
    const low = Number(range[1]);
    const high = Number(range[2]);
    if (!Number.isFinite(low) || !Number.isFinite(high)) return undefined;
    return { min: Math.min(low, high), max: Math.max(low, high) };
  }
  const tolerance = /^\s*(-?[\d.]+)\s*(?::\s*([\d.]+))?\s*$/.exec(text);
  if (!tolerance) return undefined;
  const value = Number(tolerance[1]);
  const margin = tolerance[2] === undefined ? 0 : Number(tolerance[2]);
  if (!Number.isFinite(value) || !Number.isFinite(margin) || margin < 0) return undefined;
  return { min: value - margin, max: value + margin };
}

/** Whether a typed value falls in an accepted answer (with room for float rounding). */
export function numberMatches(value: number, answer: NumericAnswer): boolean {
  const slack = 1e-9 * Math.max(1, Math.abs(answer.min), Math.abs(answer.max));
  return value >= answer.min - slack && value <= answer.max + slack;
}
