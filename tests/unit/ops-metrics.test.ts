/**
 * GET /metrics: who may read it (this machine, or the Bearer token; never through a proxy
 * without the token) and what it says (request durations by route id, the write-lock wait,
 * the database size, live sessions).
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import type { Request } from "express";
import express from "express";
import { writeTransaction } from "#db/client.server";
import { auditEvents, users } from "#db/schema";
import { enqueue } from "~/models/outbox.server";
import { createSessionRecord } from "~/models/sessions.server";
import { createLogger } from "~/ops/logger.server";
import { createMetrics, mayReadMetrics, metricsHandler, type Metrics } from "~/ops/metrics.server";
import { requestLog } from "~/ops/request-log.server";
import { createTestDb, type TestDb } from "../support/db";

const TOKEN = "metrics-token-for-tests-0123456789";
let t: TestDb;
let metrics: Metrics;
let base = "";
let close: () => void;

before(async () => {
  t = createTestDb();
  metrics = createMetrics(() => t.db, t.file);
  const app = express();
  app.use(
    requestLog({
      logger: createLogger("silent"),
      routeOf: () => "routes/learn._index",
      trustProxy: false,
      onFinished: metrics.observeRequest,
    }),
  );
  app.get("/metrics", metricsHandler(metrics, TOKEN));
  app.get("/learn", (_req, res) => {
    res.send("ok");
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
after(() => {
  close();
  t.close();
});

function fakeRequest(remoteAddress: string, headers: Record<string, string> = {}) {
  return { socket: { remoteAddress }, headers } as unknown as Request;
}

/** The value of one sample line, e.g. `academy_sessions_live`. */
function sample(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  assert.ok(line, `${name} is in the metrics`);
  return Number(line.slice(name.length + 1));
}

describe("who may read /metrics", () => {
  it("this machine without a token", () => {
    assert.equal(mayReadMetrics(fakeRequest("127.0.0.1"), undefined), true);
    assert.equal(mayReadMetrics(fakeRequest("::1"), undefined), true);
    assert.equal(mayReadMetrics(fakeRequest("::ffff:127.0.0.1"), undefined), true);
  });
  it("not another host, and not a request relayed by a proxy on this machine", () => {
    assert.equal(mayReadMetrics(fakeRequest("10.1.2.3"), undefined), false);
    assert.equal(
      mayReadMetrics(fakeRequest("127.0.0.1", { "x-forwarded-for": "203.0.113.9" }), undefined),
      false,
    );
    assert.equal(
      mayReadMetrics(fakeRequest("127.0.0.1", { forwarded: "for=203.0.113.9" }), undefined),
      false,
    );
  });
  it("another host with the right Bearer token only", () => {
    assert.equal(mayReadMetrics(fakeRequest("10.1.2.3", { authorization: `Bearer ${TOKEN}` }), TOKEN), true);
    assert.equal(
      mayReadMetrics(fakeRequest("10.1.2.3", { authorization: "Bearer wrong-token" }), TOKEN),
      false,
    );
    assert.equal(mayReadMetrics(fakeRequest("10.1.2.3", { authorization: `Basic ${TOKEN}` }), TOKEN), false);
    assert.equal(
      mayReadMetrics(fakeRequest("10.1.2.3", { authorization: `Bearer ${TOKEN}` }), undefined),
      false,
    );
  });
  it("over HTTP: a relayed request gets 401 without the token and 200 with it", async () => {
    const relayed = { "X-Forwarded-For": "203.0.113.9" };
    const refused = await fetch(`${base}/metrics`, { headers: relayed });
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get("www-authenticate") ?? "", /^Bearer/);
    const allowed = await fetch(`${base}/metrics`, {
      headers: { ...relayed, Authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(allowed.status, 200);
    assert.match(allowed.headers.get("content-type") ?? "", /^text\/plain/);
  });
});

describe("what /metrics says", () => {
  it("request durations by route id, method and status", async () => {
    await fetch(`${base}/learn`);
    await fetch(`${base}/learn`);
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.match(
      text,
      /academy_http_request_duration_seconds_count\{route="routes\/learn\._index",method="GET",status="200"\} [2-9]/,
    );
    assert.ok(!text.includes('route="/learn"'), "no raw URLs as labels");
  });

  it("database file sizes and live sessions", async () => {
    const now = new Date();
    const timeouts = { idleMs: 8 * 3_600_000, absoluteMs: 7 * 86_400_000 };
    createSessionRecord(t.db, {}, timeouts, now); // signed out: not counted
    const text = await metrics.render();
    const before = sample(text, "academy_sessions_live");
    const user = t.db.insert(users).values({ email: "m@example.com", name: "M" }).returning().get();
    createSessionRecord(t.db, { userId: user.id }, timeouts, now);
    const after = await metrics.render();
    assert.equal(sample(after, "academy_sessions_live"), before + 1);
    assert.ok(sample(after, 'academy_sqlite_file_bytes{file="main"}') > 0);
  });

  it("the outbox depth: messages waiting for delivery", async () => {
    const before = sample(await metrics.render(), "academy_outbox_pending");
    writeTransaction(t.db, (tx) =>
      enqueue(
        tx,
        {
          channel: "email",
          topic: "test.depth",
          dedupeKey: "metrics-depth-1",
          recipient: "depth@example.com",
          subject: "Depth",
          textBody: "Queued.",
        },
        new Date(),
      ),
    );
    assert.equal(sample(await metrics.render(), "academy_outbox_pending"), before + 1);
    assert.equal(sample(await metrics.render(), "academy_outbox_failed"), 0);
  });

  it("the time a write waited for SQLite's lock while another process held it", async () => {
    const count = async () => sample(await metrics.render(), "academy_sqlite_write_lock_wait_seconds_count");
    const sum = async () => sample(await metrics.render(), "academy_sqlite_write_lock_wait_seconds_sum");
    const countBefore = await count();
    const sumBefore = await sum();
    // Another connection (in a worker thread) takes the write lock and keeps it for 300 ms.
    const holder = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const Database = require("better-sqlite3");
       const db = new Database(workerData);
       db.exec("begin immediate");
       parentPort.postMessage("locked");
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
       db.exec("commit");
       db.close();`,
      { eval: true, workerData: t.file },
    );
    await new Promise((resolve) => holder.once("message", resolve));
    writeTransaction(t.db, (tx) =>
      tx.insert(auditEvents).values({ at: new Date(), action: "metrics.test", details: {} }).run(),
    );
    await new Promise((resolve) => holder.once("exit", resolve));
    assert.equal(await count(), countBefore + 1);
    assert.ok((await sum()) - sumBefore >= 0.1, "the wait covers most of the 300 ms the lock was held");
  });
});
