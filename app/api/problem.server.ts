/**
 * RFC 9457 problem details: every API error is `application/problem+json` with `type`,
 * `title`, `status`, `detail`, plus members for machines (`reasons`, `errors`).
 */
import type { z } from "zod";
import { isRefusal } from "~/utils/refusal";

export const PROBLEM_BASE = "https://partner-academy.example/problems/";

const TITLES: Record<number, string> = {
  400: "Invalid request",
  401: "Not authenticated",
  403: "Missing scope",
  404: "Not found",
  409: "Conflict",
  413: "Request too large",
  405: "Method not allowed",
  415: "Unsupported media type",
  429: "Too many requests",
  500: "Server error",
};

export interface ProblemInit {
  status: number;
  /** Short slug appended to PROBLEM_BASE, e.g. `invalid-token`. */
  type: string;
  detail: string;
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function problem({ status, type, detail, extra, headers }: ProblemInit): Response {
  return new Response(
    JSON.stringify({ type: PROBLEM_BASE + type, title: TITLES[status] ?? "Error", status, detail, ...extra }),
    {
      status,
      headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
    },
  );
}

export function zodProblem(error: z.ZodError): Response {
  return problem({
    status: 400,
    type: "invalid-request",
    detail: "The request does not match the schema.",
    extra: { errors: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) },
  });
}

/** A model's Refusal as a problem: its kind gives the status, its details the reasons. */
export function errorProblem(error: unknown): Response | undefined {
  if (!isRefusal(error)) return undefined;
  const { reason, ...details } = error.details ?? {};
  return problem({
    status: error.status,
    type: typeof reason === "string" ? reason : error.kind,
    detail: error.message,
    extra: {
      ...(typeof reason === "string" ? { reason } : {}),
      ...(error.field ? { field: error.field } : {}),
      ...details,
    },
  });
}
