/**
 * The one way a model says "no" (issue #12). Models know nothing of HTTP: they throw a
 * `Refusal` with a message a person can act on, what kind of refusal it is, and (for forms)
 * the field it is about. Routes turn it into action data or a status with the helpers in
 * `form-result.server.ts`; the API turns it into problem details.
 *
 * Anything else a model throws is a bug and becomes a 500.
 */

/** What went wrong, in terms a route can map onto a status code. */
export type RefusalKind =
  /** The input breaks a rule (a form field, a value out of range). */
  | "invalid"
  /** The thing asked for does not exist, or is not the caller's to see. */
  | "not-found"
  /** The request is valid but clashes with the current state (stale edit, duplicate, gate). */
  | "conflict"
  /** The caller may not do this, whatever the input. */
  | "forbidden"
  /** Too many tries; `retryAfterSeconds` in details says when to come back. */
  | "rate-limited";

export const REFUSAL_STATUS: Record<RefusalKind, number> = {
  invalid: 400,
  "not-found": 404,
  conflict: 409,
  forbidden: 403,
  "rate-limited": 429,
};

export interface RefusalOptions {
  kind?: RefusalKind;
  /** The form field the message belongs to, when there is one. */
  field?: string;
  /** Structured reasons for machine readers (the API): e.g. missing competencies. */
  details?: Record<string, unknown>;
}

export class Refusal extends Error {
  override name = "Refusal";
  readonly kind: RefusalKind;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options: RefusalOptions = {}) {
    super(message);
    this.kind = options.kind ?? "invalid";
    this.field = options.field;
    this.details = options.details;
  }

  get status(): number {
    return REFUSAL_STATUS[this.kind];
  }
}

export function isRefusal(error: unknown): error is Refusal {
  return error instanceof Refusal;
}

/** Shorthands that read like the rule they enforce: `throw notFound("No such lesson")`. */
export const notFound = (message: string, options: Omit<RefusalOptions, "kind"> = {}) =>
  new Refusal(message, { ...options, kind: "not-found" });
export const conflict = (message: string, options: Omit<RefusalOptions, "kind"> = {}) =>
  new Refusal(message, { ...options, kind: "conflict" });
export const invalid = (message: string, options: Omit<RefusalOptions, "kind"> = {}) =>
  new Refusal(message, { ...options, kind: "invalid" });
export const forbidden = (message: string, options: Omit<RefusalOptions, "kind"> = {}) =>
  new Refusal(message, { ...options, kind: "forbidden" });
