/**
 * CSV output that spreadsheets cannot turn into formulas: a cell beginning with = + - @
 * (or a tab / carriage return) is prefixed with an apostrophe (OWASP, CSV injection).
 */
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** What may need a prefix or quotes; most cells have none of it and are returned as they are. */
const NEEDS_CARE = /^[\s=+\-@]|[",\r\n]|\s$/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : String(value);
  if (!NEEDS_CARE.test(text)) return text;
  if (FORMULA_START.has(text.charAt(0))) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) line += (i === 0 ? "" : ",") + csvCell(values[i]);
  return line + "\r\n";
}
