/**
 * Prometheus metrics (prom-client) for `GET /metrics`: request durations by route and status,
 * SQLite write-lock wait and hold, database size, live sessions, and Node's process metrics.
 *
 * Routes are Remix route ids (route-label.server.ts), never URLs, so the number of series
 * stays bounded. With WEB_CONCURRENCY > 1 the worker that is scraped asks the primary, which
 * sums every worker's metrics (prom-client's AggregatorRegistry).
 */
import cluster from "node:cluster";
import crypto from "node:crypto";
import type { Request, Response } from "express";
import { AggregatorRegistry, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { observeWriteTransactions, type Database } from "#db/client.server";
import { sessionTimeouts } from "~/auth/session.server";
import { databaseFileSizes } from "~/models/health.server";
import { countLiveSessions } from "~/models/sessions.server";
import { logger } from "./logger.server";
import type { FinishedRequest } from "./request-log.server";
import { outboxCounts } from "~/models/outbox.server";

/**
 * Gauges read from the database at each scrape. To add one (the outbox depth, a queue
 * length), add an entry: its name, what it means, and a function of the database that
 * returns the number (one indexed query: it runs on every scrape).
 */
const DATABASE_GAUGES: readonly {
  name: string;
  help: string;
  read: (db: Database, now: Date) => number;
}[] = [
  {
    name: "academy_sessions_live",
    help: "Signed-in sessions within their idle and absolute timeouts",
    read: (db, now) => countLiveSessions(db, sessionTimeouts(), now),
  },
  {
    name: "academy_outbox_pending",
    help: "Messages in the outbox waiting for delivery (pending or being sent)",
    read: (db) => {
      const counts = outboxCounts(db);
      return counts.pending + counts.sending;
    },
  },
  {
    name: "academy_outbox_failed",
    help: "Messages in the outbox marked failed after their last try",
    read: (db) => outboxCounts(db).failed,
  },
];

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export interface Metrics {
  registry: Registry;
  observeRequest: (request: FinishedRequest) => void;
  /** The exposition text (all workers' when clustered). */
  render: () => Promise<string>;
}

export function createMetrics(db: () => Database, databasePath: string): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Histogram({
    name: "academy_http_request_duration_seconds",
    help: "Time to answer a request, by Remix route id, method and status",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lockWait = new Histogram({
    name: "academy_sqlite_write_lock_wait_seconds",
    help: "Time a write transaction waited for SQLite's write lock (BEGIN IMMEDIATE)",
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const lockHold = new Histogram({
    name: "academy_sqlite_write_transaction_seconds",
    help: "Time a write transaction held SQLite's write lock",
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  observeWriteTransactions((wait, hold) => {
    lockWait.observe(wait);
    lockHold.observe(hold);
  });

  new Gauge({
    name: "academy_sqlite_file_bytes",
    help: "Size of the SQLite database file and of its write-ahead log",
    labelNames: ["file"] as const,
    // Every worker sees the same file: when clustered, report it once, not summed.
    aggregator: "max",
    registers: [registry],
    collect() {
      const sizes = databaseFileSizes(databasePath);
      this.set({ file: "main" }, sizes.main);
      this.set({ file: "wal" }, sizes.wal);
    },
  });
  for (const gauge of DATABASE_GAUGES) {
    new Gauge({
      name: gauge.name,
      help: gauge.help,
      aggregator: "max",
      registers: [registry],
      collect() {
        this.set(gauge.read(db(), new Date()));
      },
    });
  }

  if (cluster.isWorker) {
    // Constructing one is what makes prom-client answer the primary's requests in a worker.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }

  return {
    registry,
    observeRequest({ route, method, status, seconds }) {
      requests.observe(
        { route, method: HTTP_METHODS.has(method) ? method : "other", status: String(status) },
        seconds,
      );
    },
    render: () => (cluster.isWorker ? askPrimary() : registry.metrics()),
  };
}

// --- clustered: the primary aggregates on a worker's request ------------------------------

const ASK = "partner-academy:metrics?";
const ANSWER = "partner-academy:metrics!";
let asked = 0;

function askPrimary(): Promise<string> {
  const id = ++asked;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off("message", listen);
      reject(new Error("The primary process did not answer with the metrics"));
    }, 5_000);
    function listen(message: unknown) {
      const m = message as { type?: string; id?: number; text?: string; error?: string };
      if (m?.type !== ANSWER || m.id !== id) return;
      clearTimeout(timer);
      process.off("message", listen);
      if (typeof m.text === "string") resolve(m.text);
      else reject(new Error(m.error ?? "No metrics"));
    }
    process.on("message", listen);
    process.send?.({ type: ASK, id });
  });
}

/** In the primary of a cluster: answers workers asking for everyone's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, message: { type?: string; id?: number }) => {
    if (message?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text }),
      (error: unknown) => worker.send({ type: ANSWER, id: message.id, error: String(error) }),
    );
  });
}

// --- who may read them --------------------------------------------------------------------

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * From this machine, or with the Bearer token. A request relayed by a proxy (it carries
 * forwarding headers) is not "from this machine" even when the proxy runs on it.
 */
export function mayReadMetrics(req: Request, token: string | undefined): boolean {
  const relayed = ["x-forwarded-for", "forwarded", "x-real-ip"].some((h) => h in req.headers);
  if (!relayed && LOOPBACK.test(req.socket.remoteAddress ?? "")) return true;
  const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
  if (!token || !given) return false;
  const digest = (value: string) => crypto.createHash("sha256").update(value).digest();
  return crypto.timingSafeEqual(digest(given), digest(token));
}

export function metricsHandler(metrics: Metrics, token: string | undefined) {
  return async (req: Request, res: Response) => {
    res.setHeader("Cache-Control", "no-store");
    if (!mayReadMetrics(req, token)) {
      if (token) res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
      res
        .status(token ? 401 : 403)
        .type("text/plain")
        .send("Metrics are served to this machine only, or with METRICS_TOKEN as a Bearer token.");
      return;
    }
    try {
      res.type(metrics.registry.contentType).send(await metrics.render());
    } catch (error) {
      logger().warn(
        { reason: error instanceof Error ? error.message : String(error) },
        "metrics unavailable",
      );
      res.status(503).type("text/plain").send("Metrics are unavailable right now; try again.");
    }
  };
}
