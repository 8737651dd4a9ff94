/**
 * What counts as a problem in the server's log of a test run: a 5xx response, an error-level
 * line, or a stack trace (in a JSON line or printed around the logger). Used by the e2e
 * suite's final check (tests/e2e/server-log.teardown.ts).
 */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/;
const PRINTED_ERROR = /^(\w*Error\b|Uncaught|Unhandled|\(node:\d+\) \w*Warning)/;

export function problemWith(line: string): string | undefined {
  let entry: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed && typeof parsed === "object") entry = parsed as Record<string, unknown>;
  } catch {
    // not a JSON line: the start-up banner, or something printed around the logger
  }
  if (!entry) {
    if (STACK_FRAME.test(line)) return "a stack trace";
    if (PRINTED_ERROR.test(line)) return "an error printed";
    return undefined;
  }
  if (typeof entry.status === "number" && entry.status >= 500) return `a ${entry.status} response`;
  if (entry.level === "error" || entry.level === "fatal") return `an ${String(entry.level)}-level line`;
  if (JSON.stringify(entry).includes('"stack"')) return "a stack trace";
  return undefined;
}

/** Each problem line, numbered and cut to 300 characters. */
export function logProblems(text: string): string[] {
  return text.split("\n").flatMap((line, index) => {
    const problem = line ? problemWith(line) : undefined;
    return problem ? [`line ${index + 1}: ${problem}: ${line.slice(0, 300)}`] : [];
  });
}
