/**
 * One shape for every API endpoint, so route files stay a few lines: guard (token, scope,
 * rate limit), parse, call a model, answer JSON; Refusals and schema errors become problem
 * details, never a 500. Every use of a write scope leaves an audit row (`api.write`).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { writeTransaction } from "#db/client.server";
import type { ApiScope } from "#db/vocabulary";
import type { ApiCaller } from "~/models/api-tokens.server";
import { recordAudit } from "~/models/audit.server";
import { db } from "~/utils/db.server";
import { requireApiScope } from "./guard.server";
import { decodeCursor } from "./cursor";
import { errorProblem, problem, zodProblem } from "./problem.server";

export interface ApiContext {
  request: Request;
  params: Record<string, string | undefined>;
  caller: ApiCaller;
  now: Date;
  url: URL;
}

export type ApiResult = { status?: number; body: unknown } | Response;

export const WRITE_SCOPES: readonly ApiScope[] = ["assignments:write", "people:write", "webhooks:manage"];

function toResponse(result: ApiResult): Response {
  if (result instanceof Response) return result;
  return new Response(JSON.stringify(result.body), {
    status: result.status ?? 200,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

/** Runs a handler under the guard for `scope`; write scopes are audited with the outcome. */
export async function runApi(
  args: LoaderFunctionArgs | ActionFunctionArgs,
  scope: ApiScope,
  handler: (context: ApiContext) => ApiResult | Promise<ApiResult>,
): Promise<Response> {
  const now = new Date();
  let caller: ApiCaller;
  try {
    caller = requireApiScope(args.request, scope, now);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  const url = new URL(args.request.url);
  let response: Response;
  try {
    response = toResponse(await handler({ request: args.request, params: args.params, caller, now, url }));
  } catch (error) {
    if (error instanceof Response) response = error;
    else if (error instanceof z.ZodError) response = zodProblem(error);
    else {
      const refused = errorProblem(error);
      if (!refused) throw error;
      response = refused;
    }
  }
  if (WRITE_SCOPES.includes(scope) && args.request.method !== "GET") {
    writeTransaction(db(), (tx) =>
      recordAudit(tx, {
        at: now,
        actorId: caller.actorId,
        action: "api.write",
        details: {
          tokenId: caller.tokenId,
          token: caller.name,
          scope,
          method: args.request.method,
          path: url.pathname,
          status: response.status,
        },
      }),
    );
  }
  return response;
}

/** A GET-only endpoint answers other methods with 405 (Remix sends them to `action`). */
export function methodNotAllowed(allow: string): Response {
  return problem({
    status: 405,
    type: "method-not-allowed",
    detail: `This endpoint answers ${allow}.`,
    headers: { Allow: allow },
  });
}

/** Query parameters as a plain object (empty ones dropped), for a zod schema. */
export function queryOf(url: URL): Record<string, string> {
  return Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
}

/** A numeric path parameter; anything else is "not found", as for an unknown id. */
export function apiId(params: Record<string, string | undefined>, name: string): number {
  const value = params[name] ?? "";
  if (!/^[1-9]\d{0,14}$/.test(value))
    throw problem({ status: 404, type: "not-found", detail: "No such resource." });
  return Number(value);
}

/** The page query's cursor as an id; a cursor this API did not hand out is a 400. */
export function afterCursor(cursor: string | undefined): number {
  const after = decodeCursor(cursor);
  if (after === null)
    throw problem({
      status: 400,
      type: "invalid-cursor",
      detail: "The cursor is not one this API handed out.",
    });
  return after;
}

export const since = (value: string | undefined) => (value ? new Date(value) : undefined);
