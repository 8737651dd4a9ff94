/**
 * Runs after every browser test of the run (the "server log" project in
 * playwright.config.ts): whatever the tests did, the server answered no request with a 5xx
 * and printed no stack trace or error.
 */
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { logProblems } from "../support/server-log";
import { E2E_SERVER_LOG } from "./e2e-db";

test("the server log of this run has no 5xx response and no stack trace", async ({ request }) => {
  // Lines are written when a response is done: wait for this request's own line, so every
  // earlier request's line is in the file too.
  const marker = (await request.get("/healthz")).headers()["x-request-id"];
  expect(marker).toMatch(/^[0-9a-f]{16}$/);
  await expect
    .poll(() => fs.readFileSync(E2E_SERVER_LOG, "utf8").includes(`"reqId":"${marker}"`), { timeout: 10_000 })
    .toBe(true);
  const log = fs.readFileSync(E2E_SERVER_LOG, "utf8");
  const requests = log.split("\n").filter((line) => line.includes('"msg":"request"')).length;
  expect(requests, "the log has one line per request").toBeGreaterThan(1);
  expect(logProblems(log), `see ${E2E_SERVER_LOG}`).toEqual([]);
});
