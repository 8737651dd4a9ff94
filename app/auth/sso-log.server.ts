/**
 * Log lines for single sign-on: one line per refusal or notable event, with the request id
 * so a person's "it said sign-in failed" can be found. Never tokens, codes or claims beyond
 * what identifies the case (subject, email domain).
 */
import crypto from "node:crypto";

export type SsoLogLevel = "info" | "warn" | "error";

/** The request id: the one the server assigned (X-Request-Id) when there is one. */
export function requestIdOf(request: Request, context?: object): string {
  const assigned = context && "requestId" in context ? context.requestId : undefined;
  if (typeof assigned === "string") return assigned;
  const header = request.headers.get("x-request-id");
  if (header && /^[A-Za-z0-9._-]{8,64}$/.test(header)) return header;
  return crypto.randomBytes(8).toString("hex");
}

export function logSso(
  level: SsoLogLevel,
  event: string,
  fields: Record<string, string | number | boolean | undefined>,
): void {
  const line = JSON.stringify({ level, time: new Date().toISOString(), event, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
