/**
 * The first express middleware: gives the request an id (header `X-Request-Id`, and the
 * context every later log line reads), and when the response is done writes one JSON line —
 * id, method, route, path, status, duration, user id when signed in — and tells the metrics.
 *
 * Only these named fields are logged: never headers, cookies, bodies or query strings (they
 * carry passwords, answers and search terms), and path segments that look like secrets
 * (invitation tokens) are masked.
 */
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "./logger.server";
import {
  forwardedRequestId,
  newRequestId,
  runWithRequestContext,
  type RequestContext,
} from "./request-context.server";
import { ROUTE, type RouteLabeller } from "./route-label.server";

export interface FinishedRequest {
  method: string;
  route: string;
  status: number;
  seconds: number;
}

export interface RequestLogOptions {
  logger: Logger;
  routeOf: RouteLabeller;
  /** Take the id from `X-Request-Id` when a trusted proxy set one. */
  trustProxy: boolean;
  onFinished?: (request: FinishedRequest) => void;
}

/** Locals later middleware may set to name the response (static files, malformed URLs). */
export interface RequestLocals {
  requestId?: string;
  route?: string;
}

const SECRET_SEGMENT = /^[A-Za-z0-9_-]{32,}$/;
const MAX_PATH = 200;

/** The path without its query, with token-like segments masked, at most 200 characters. */
export function loggablePath(originalUrl: string): string {
  const path = originalUrl.split("?")[0] ?? "";
  const masked = path
    .split("/")
    .map((segment) => (SECRET_SEGMENT.test(segment) ? "[redacted]" : segment))
    .join("/");
  return masked.length > MAX_PATH ? `${masked.slice(0, MAX_PATH)}…` : masked;
}

export function requestLog({ logger, routeOf, trustProxy, onFinished }: RequestLogOptions) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    // Captured now: a later middleware may rewrite it (malformed-url.server.ts).
    const originalUrl = req.originalUrl;
    const context: RequestContext = {
      requestId: (trustProxy && forwardedRequestId(req.headers["x-request-id"])) || newRequestId(),
    };
    const locals = res.locals as RequestLocals;
    locals.requestId = context.requestId;
    res.setHeader("X-Request-Id", context.requestId);

    res.once("close", () => {
      const seconds = (performance.now() - started) / 1000;
      const [pathname = "/", search = ""] = originalUrl.split("?");
      const route = locals.route ?? (pathname === "/metrics" ? ROUTE.metrics : routeOf(pathname, search));
      const status = res.statusCode;
      const line = {
        reqId: context.requestId,
        method: req.method,
        route,
        path: loggablePath(originalUrl),
        status,
        ms: Math.round(seconds * 10_000) / 10,
        ...(context.userId !== undefined ? { userId: context.userId } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (status >= 500) logger.error(line, "request");
      else logger.info(line, "request");
      onFinished?.({ method: req.method, route, status, seconds });
    });

    runWithRequestContext(context, next);
  };
}
