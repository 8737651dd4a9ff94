/**
 * Route parameters. A mangled URL is "not found" (404), never a 500: every route reads its
 * params through these, so the rule is written once.
 */

/** A positive integer route parameter, or a 404. */
export function idParam(params: Record<string, string | undefined>, name: string, what = "page"): number {
  const raw = params[name] ?? "";
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new Response(`No such ${what}`, { status: 404 });
  return value;
}

/** A slug route parameter (lower-case letters, digits, dashes), or a 404. */
export function slugParam(params: Record<string, string | undefined>, name: string, what = "page"): string {
  const raw = params[name] ?? "";
  if (!/^[a-z0-9-]{1,120}$/.test(raw)) throw new Response(`No such ${what}`, { status: 404 });
  return raw;
}

/** A random public token (credential ids, invitation tokens: base64url), or a 404. */
export function tokenParam(params: Record<string, string | undefined>, name: string, what = "page"): string {
  const raw = params[name] ?? "";
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(raw)) throw new Response(`No such ${what}`, { status: 404 });
  return raw;
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
