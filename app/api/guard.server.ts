/**
 * The API's guard, first in every handler: a Bearer token (never a cookie) with the scope
 * the endpoint names, within its rate limit; a body within the size limit. Refusals are
 * problem details: 401 for a wrong, expired or revoked token, 403 for a missing scope.
 */
import type { ApiScope } from "#db/vocabulary";
import { authenticateToken, type ApiCaller } from "~/models/api-tokens.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { problem } from "./problem.server";
import { takeToken } from "./rate-limit.server";

const UNAUTHORIZED: Record<"missing" | "unknown" | "expired" | "revoked", string> = {
  missing: "Send an API token: Authorization: Bearer <token>.",
  unknown: "The API token is not valid.",
  expired: "The API token has expired.",
  revoked: "The API token has been revoked.",
};

function unauthorized(reason: keyof typeof UNAUTHORIZED): Response {
  return problem({
    status: 401,
    type: "invalid-token",
    detail: UNAUTHORIZED[reason],
    extra: { reason },
    headers: { "WWW-Authenticate": `Bearer realm="api", error="invalid_token"` },
  });
}

/** Returns the caller, or throws the problem Response that refuses them. */
export function requireApiScope(request: Request, scope: ApiScope, now: Date): ApiCaller {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthorized("missing");
  const check = authenticateToken(db(), match[1], now);
  if (!check.ok) throw unauthorized(check.reason);
  const limited = takeToken(check.caller.tokenId, env().API_RATE_PER_MINUTE, now.getTime());
  if (limited)
    throw problem({
      status: 429,
      type: "rate-limited",
      detail: `At most ${env().API_RATE_PER_MINUTE} requests a minute per token.`,
      headers: { "Retry-After": String(limited.retryAfterSeconds) },
    });
  if (!check.caller.scopes.includes(scope))
    throw problem({
      status: 403,
      type: "missing-scope",
      detail: `This token lacks the ${scope} scope.`,
      extra: { requiredScope: scope },
    });
  return check.caller;
}

/** The JSON body of a write, within the size limit (checked on the bytes, not the header). */
export async function readJsonBody(request: Request): Promise<unknown> {
  const limit = env().API_MAX_BODY_BYTES;
  const tooLarge = () =>
    problem({ status: 413, type: "too-large", detail: `The body may be at most ${limit} bytes.` });
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge();
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json"))
    throw problem({
      status: 415,
      type: "unsupported-media-type",
      detail: "Send JSON (Content-Type: application/json).",
    });
  const text = await request.text();
  if (Buffer.byteLength(text) > limit) throw tooLarge();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw problem({ status: 400, type: "invalid-json", detail: "The body is not valid JSON." });
  }
}
