/**
 * What the server knows about the request being handled, available anywhere below the
 * express middleware that starts it (AsyncLocalStorage follows promises and callbacks): its
 * id for log lines and error pages, and the signed-in user once a loader has looked them up.
 *
 * server.ts (run by tsx) and the Remix build (bundled) each load their own copy of this
 * module, so the storage lives on `globalThis`: both copies must see the same one.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";

export interface RequestContext {
  /** Short random id, returned in `X-Request-Id` and shown on error pages. */
  readonly requestId: string;
  /** Set by `getUser` when the request carries a live session. */
  userId?: number;
}

const KEY = Symbol.for("partner-academy.request-context");
const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<RequestContext> };
const storage = (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Records who is signed in on the current request's log line. */
export function noteUser(userId: number): void {
  const context = storage.getStore();
  if (context) context.userId = userId;
}

/** 16 hex characters: short enough to read out on a phone call, 64 random bits. */
export function newRequestId(): string {
  return crypto.randomBytes(8).toString("hex");
}

const FORWARDED_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A request id set by a trusted proxy in front of the app, if it looks like one. */
export function forwardedRequestId(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value && FORWARDED_ID.test(value) ? value : undefined;
}
