/** A positive integer route parameter, or a 404 (a mangled URL is "not found", not a 500). */
export function idParam(params: Record<string, string | undefined>, name: string, what = "page"): number {
  const raw = params[name] ?? "";
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new Response(`No such ${what}`, { status: 404 });
  return value;
}

/** Zod field errors as one message per field, for forms. */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return errors;
}
