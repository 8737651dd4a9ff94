/**
 * The production server: express 4 + @remix-run/express. Migrates the database, seeds the
 * demo organisation on an empty one (unless SEED_DEMO=0), then serves.
 *
 * Run with `npm start` (build + serve) or `npm run serve` (an existing build).
 */
import cluster from "node:cluster";
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { migrateDatabase } from "#db/client.server";
import { sessionTimeouts } from "./auth/session.server";
import { signInStartupLines } from "./auth/sso-settings.server";
import { prepareDatabase } from "./cli/prepare";
import { issuerStartupLines } from "./credentials/issuer.server";
import { logger } from "./ops/logger.server";
import { malformedUrls } from "./ops/malformed-url.server";
import { createMetrics, metricsHandler, serveClusterMetrics } from "./ops/metrics.server";
import { requestLog, type RequestLocals } from "./ops/request-log.server";
import { ROUTE, routeLabeller } from "./ops/route-label.server";
import { jobContext, startScheduler } from "./jobs/runner.server";
import { closeDb, db } from "./utils/db.server";
import { env } from "./utils/env.server";
import { isForeignOrigin } from "./utils/origin";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const config = env();
const log = (message: string) => console.log(`[academy] ${message}`);

const clustered = config.WEB_CONCURRENCY > 1;

/**
 * Reminders, the digest and mail delivery run here, in one process only: the primary (which
 * serves too when WEB_CONCURRENCY is 1). JOBS_SCHEDULER=0 leaves them to `npm run jobs`.
 */
function startJobs(): () => Promise<void> {
  if (!config.JOBS_SCHEDULER) return async () => {};
  log(`jobs: due jobs run every ${config.JOBS_TICK_SECONDS} s in this process (pid ${process.pid})`);
  return startScheduler(
    () => jobContext(db(), new Date()),
    config.JOBS_TICK_SECONDS,
    (line) => log(line),
  );
}

if (cluster.isPrimary) {
  migrateDatabase(db());
  const startup = await prepareDatabase(
    db(),
    config.SEED_DEMO,
    new Date(),
    path.resolve(root, config.CONTENT_DIR),
    sessionTimeouts(),
  );
  // The Open Badges signing key is made (once, beside the database) before any worker starts.
  startup.messages.push(...(await issuerStartupLines()));
  if (clustered) {
    closeDb();
    serveClusterMetrics();
    for (let i = 0; i < config.WEB_CONCURRENCY; i++) cluster.fork();
    const stopJobs = startJobs();
    cluster.on("exit", (worker, code, signal) => {
      if (signal !== "SIGTERM" && code !== 0) {
        log(`worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
        cluster.fork();
      }
    });
    for (const stop of ["SIGTERM", "SIGINT"] as const) {
      process.once(stop, () => {
        void stopJobs().then(closeDb);
        for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
        setTimeout(() => process.exit(0), 5_000).unref();
        cluster.on("exit", () => {
          if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
        });
      });
    }
    log(`Partner Academy is running at http://localhost:${config.PORT} (${config.WEB_CONCURRENCY} workers)`);
    log(`database: ${path.resolve(config.DATABASE_PATH)}`);
    for (const line of [...startup.messages, ...signInStartupLines()]) log(line);
  } else {
    await serve([...startup.messages, ...signInStartupLines()], startJobs);
  }
} else {
  await serve([], () => async () => {});
}

async function serve(messages: string[], jobs: () => () => Promise<void>) {
  const build = (await import(path.join(root, "build/index.js"))) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  if (config.TRUST_PROXY) app.set("trust proxy", true);

  // One JSON log line and one metrics observation per request; the id goes in a header.
  const metrics = createMetrics(db, path.resolve(config.DATABASE_PATH));
  app.use(
    requestLog({
      logger: logger(),
      routeOf: routeLabeller(build.routes),
      trustProxy: config.TRUST_PROXY,
      onFinished: metrics.observeRequest,
    }),
  );
  app.use(malformedUrls);

  // A fresh nonce per response for the CSP; handed to Remix through the load context.
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "style-src": ["'self'"],
          // React renders a few computed widths (progress bars) as style attributes.
          "style-src-attr": ["'unsafe-inline'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": ["'self'"],
          "object-src": ["'none'"],
          "base-uri": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          ...(config.COOKIE_SECURE ? { "upgrade-insecure-requests": [] } : {}),
        },
      },
      strictTransportSecurity: config.COOKIE_SECURE,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      crossOriginEmbedderPolicy: false,
      frameguard: { action: "deny" },
    }),
  );

  // Every state-changing request from another origin is refused, on top of SameSite cookies.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    if (isForeignOrigin(req.headers, config.APP_ORIGIN)) {
      res.status(403).type("text/plain").send("Cross-origin requests are not allowed.");
      return;
    }
    next();
  });

  // Oversized bodies are refused before anything reads them. Browsers always send a length
  // with a form; a body without one (chunked) cannot be bounded up front and is refused.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.headers["transfer-encoding"] && req.headers["content-length"] === undefined) {
      res.status(411).type("text/plain").send("A Content-Length header is required.");
      return;
    }
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > config.MAX_BODY_BYTES) {
      const limit = `${Math.round(config.MAX_BODY_BYTES / 1024)} KB`;
      const message = `This upload is ${Math.round(length / 1024)} KB; the limit is ${limit}. Go back, and split the file or shorten the text: nothing was saved.`;
      if (req.accepts(["html", "text"]) === "html") {
        res
          .status(413)
          .type("html")
          .send(
            `<!doctype html><html lang="en"><meta charset="utf-8"><title>Too large · Partner Academy</title><h1>Too large to accept</h1><p>${message}</p></html>`,
          );
      } else {
        res.status(413).type("text/plain").send(message);
      }
      return;
    }
    next();
  });

  app.use(compression());

  // Fingerprinted build assets are immutable; everything else in public/ is revalidated hourly.
  const staticRoute = (res: Response) => ((res.locals as RequestLocals).route = ROUTE.static);
  app.use(
    "/build",
    express.static(path.join(root, "public/build"), {
      immutable: true,
      maxAge: "1y",
      setHeaders: staticRoute,
    }),
  );
  app.use(express.static(path.join(root, "public"), { maxAge: "1h", setHeaders: staticRoute }));

  // Prometheus metrics: from this machine, or with METRICS_TOKEN.
  app.get("/metrics", metricsHandler(metrics, config.METRICS_TOKEN));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: config.NODE_ENV,
      getLoadContext: (req, res) => ({
        cspNonce: String(res.locals.cspNonce),
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        requestId: String(res.locals.requestId),
        malformedUrl: res.locals.malformedUrl === true,
        responseDrained: () =>
          res.writableNeedDrain && !res.destroyed
            ? new Promise<void>((resolve) => {
                const done = () => {
                  res.off("drain", done).off("close", done);
                  resolve();
                };
                res.on("drain", done).on("close", done);
              })
            : Promise.resolve(),
      }),
    }),
  );

  // Whatever escaped everything above is a bug: logged with its stack, answered plainly.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    logger().error({ err: error }, "unhandled error");
    if (res.headersSent) return next(error);
    res
      .status(500)
      .type("text/plain")
      .send(`Something went wrong on our side. Reference: ${String(res.locals.requestId)}`);
  });

  const server = app.listen(config.PORT, config.HOST, () => {
    if (!clustered) {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : config.PORT;
      log(`Partner Academy is running at http://localhost:${port}`);
      log(`database: ${path.resolve(config.DATABASE_PATH)}`);
    }
    for (const line of messages) log(line);
    if (config.NODE_ENV === "development") void broadcastDevReady(build);
  });
  const stopJobs = jobs();

  // Graceful stop: finish in-flight requests and the job run in progress, close the database.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      server.close(() => {
        void stopJobs().then(() => {
          closeDb();
          process.exit(0);
        });
      });
      setTimeout(() => process.exit(0), 5_000).unref();
    });
  }
}
