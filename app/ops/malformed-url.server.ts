/**
 * A path with broken percent-encoding (`/learn/attempts/%FF`) cannot be decoded: express
 * would answer with its own bare 400 page and print a URIError stack for every such request.
 * Instead the request is handed to Remix under a path no route claims, with a flag in the
 * load context; the catch-all route then answers with the app's styled 400 page.
 */
import type { NextFunction, Request, Response } from "express";
import { ROUTE } from "./route-label.server";
import type { RequestLocals } from "./request-log.server";

/** Where a malformed request is sent inside the app; no route has this path. */
export const MALFORMED_URL_PATH = "/.malformed-url";

export function isMalformedPath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

export function malformedUrls(req: Request, res: Response, next: NextFunction) {
  if (isMalformedPath(req.path)) {
    (res.locals as RequestLocals).route = ROUTE.malformedUrl;
    res.locals.malformedUrl = true;
    // @remix-run/express builds the Request from `originalUrl`; the request log captured
    // the URL as sent before this runs.
    req.url = MALFORMED_URL_PATH;
    req.originalUrl = MALFORMED_URL_PATH;
  }
  next();
}
