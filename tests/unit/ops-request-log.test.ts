/**
 * The request log: one JSON line per request with the named fields, the id in a header, and
 * nothing secret (passwords, cookies, tokens, answers) whatever the request carried.
 * Malformed percent-encoding is handed on, not thrown.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import express from "express";
import { createLogger } from "~/ops/logger.server";
import { MALFORMED_URL_PATH, malformedUrls } from "~/ops/malformed-url.server";
import { noteUser } from "~/ops/request-context.server";
import { loggablePath, requestLog, type FinishedRequest } from "~/ops/request-log.server";

const lines: Record<string, unknown>[] = [];
const finished: FinishedRequest[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});
let base = "";
let close: () => void;

before(async () => {
  const app = express();
  app.use(
    requestLog({
      logger: createLogger("info", sink),
      routeOf: (pathname) => (pathname.startsWith("/answer") ? "routes/answer.$id" : "unmatched"),
      trustProxy: false,
      onFinished: (r) => finished.push(r),
    }),
  );
  app.use(malformedUrls);
  app.post("/answer/:id", express.urlencoded({ extended: false }), (req, res) => {
    noteUser(7);
    res.json({ got: Object.keys(req.body as object).length, url: req.originalUrl });
  });
  app.get("/boom", (_req, res) => {
    res.status(503).send("down");
  });
  app.all("*", (req, res) => {
    res.json({ url: req.originalUrl, malformed: res.locals.malformedUrl === true });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
after(() => close());

/** The log line of the response, found by its X-Request-Id (lines are written on close). */
async function lineFor(response: Response) {
  const id = response.headers.get("x-request-id");
  assert.match(id ?? "", /^[0-9a-f]{16}$/);
  for (let i = 0; i < 50; i++) {
    const line = lines.find((l) => l.reqId === id);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`no log line for ${id}`);
}

describe("request log", () => {
  it("writes one line with id, method, route, path, status, duration and user, and nothing secret", async () => {
    const secrets = ["hunter2-password", "sess-cookie-value", "Bearer-token-xyz", "answer-choice-42"];
    const response = await fetch(`${base}/answer/12?token=query-secret`, {
      method: "POST",
      headers: {
        Cookie: `academy_session=${secrets[1]}`,
        Authorization: `Bearer ${secrets[2]}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ password: secrets[0] ?? "", q1: secrets[3] ?? "" }),
    });
    assert.equal(response.status, 200);
    const line = await lineFor(response);
    assert.equal(line.msg, "request");
    assert.equal(line.level, "info");
    assert.equal(line.method, "POST");
    assert.equal(line.route, "routes/answer.$id");
    assert.equal(line.path, "/answer/12");
    assert.equal(line.status, 200);
    assert.equal(line.userId, 7);
    assert.equal(typeof line.ms, "number");
    const raw = JSON.stringify(lines);
    for (const secret of [...secrets, "query-secret"]) assert.ok(!raw.includes(secret), `${secret} leaked`);
    assert.deepEqual(finished.at(-1), {
      method: "POST",
      route: "routes/answer.$id",
      status: 200,
      seconds: finished.at(-1)?.seconds,
    });
  });

  it("logs a 5xx at error level", async () => {
    const line = await lineFor(await fetch(`${base}/boom`));
    assert.equal(line.status, 503);
    assert.equal(line.level, "error");
    assert.equal(line.userId, undefined);
  });

  it("masks path segments that look like tokens", () => {
    const token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd";
    assert.equal(loggablePath(`/invite/${token}?x=1`), "/invite/[redacted]");
    assert.equal(
      loggablePath("/learn/modules/storage-economics/lessons/2"),
      "/learn/modules/storage-economics/lessons/2",
    );
  });

  it("ignores an X-Request-Id from the client unless a trusted proxy is configured", async () => {
    const response = await fetch(`${base}/anything`, { headers: { "X-Request-Id": "client-chosen-id" } });
    assert.notEqual(response.headers.get("x-request-id"), "client-chosen-id");
  });
});

describe("malformed percent-encoding", () => {
  for (const path of ["/learn/attempts/%FF", "/verify/%C3%28", "/learn/modules/%E0%A4%A"]) {
    it(`${path} is handed on to the app, flagged, and logged as one plain line`, async () => {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { url: MALFORMED_URL_PATH, malformed: true });
      const line = await lineFor(response);
      assert.equal(line.route, "malformed-url");
      assert.equal(line.path, path);
      assert.ok(!JSON.stringify(line).includes("URIError"));
    });
  }
});
