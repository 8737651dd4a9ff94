/**
 * The app's logger: pino, one JSON object per line on stdout, level from LOG_LEVEL.
 *
 * What may appear in a line is decided where lines are written (request-log.server.ts logs
 * named fields, never headers or bodies); `redact` is the second line of defence for an
 * object logged by mistake.
 */
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "~/utils/env.server";
import { currentRequest } from "./request-context.server";

export type { Logger };

const REDACT = [
  "password",
  "*.password",
  "token",
  "*.token",
  "cookie",
  "*.cookie",
  "authorization",
  "*.authorization",
  "headers",
  "*.headers",
  "answers",
  "*.answers",
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"info" reads better in a terminal than "level":30, and log shippers map both.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT, censor: "[redacted]" },
      // Every line logged while a request is handled carries its id.
      mixin: () => {
        const request = currentRequest();
        return request ? { reqId: request.requestId } : {};
      },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

function defaultLevel(): string {
  const config = env();
  return config.LOG_LEVEL ?? (config.NODE_ENV === "test" ? "silent" : "info");
}

let shared: Logger | undefined;

/** The process's logger (created on first use, after the configuration is read). */
export function logger(): Logger {
  shared ??= createLogger(defaultLevel());
  return shared;
}
