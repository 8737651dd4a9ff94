/**
 * What an operator relies on, against the real server: /metrics and /healthz?deep=1, and a
 * backup taken while another connection writes that restores into a server serving the same
 * data over HTTP.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { certifications, users } from "#db/schema";
import { openDatabase } from "#db/client.server";
import { E2E_DATABASE_PATH, e2eDb } from "./e2e-db";
import { DEMO, signIn } from "./fixtures";

const root = path.resolve(path.dirname(E2E_DATABASE_PATH), "../../..");

test("GET /metrics from this machine: request durations by route id, the database, sessions", async ({
  request,
}) => {
  await request.get("/login");
  const response = await request.get("/metrics");
  expect(response.status()).toBe(200);
  const text = await response.text();
  expect(text).toMatch(
    /academy_http_request_duration_seconds_count\{route="routes\/login",method="GET",status="200"\} \d+/,
  );
  expect(text).toMatch(/academy_sqlite_file_bytes\{file="main"\} [1-9]/);
  expect(text).toMatch(/academy_sessions_live \d+/);
  expect(text).toMatch(/academy_sqlite_write_lock_wait_seconds_count \d+/);
  expect(text, "labels are route ids, never URLs with ids").not.toMatch(/route="\/[^"]*\d/);
  // Through a proxy, even one on this machine, it needs the token (none is set here).
  const relayed = await request.get("/metrics", { headers: { "X-Forwarded-For": "203.0.113.7" } });
  expect(relayed.status()).toBe(403);
});

test("GET /healthz?deep=1 checks that the database is writable and its migrations current", async ({
  request,
}) => {
  const response = await request.get("/healthz?deep=1");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({
    status: "ok",
    writable: true,
    migrations: { current: true, pending: 0, unknown: 0 },
    problems: [],
  });
});

/** Runs a command to its end; its output and exit code. */
function run(command: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

const backup = (from: string, to: string) =>
  run("npm", ["run", "--silent", "backup", "--", "--to", to], { DATABASE_PATH: from });

/** The last number a writer printed, waiting until it is at least `atLeast`. */
function lastWritten(writer: ChildProcess): { value: () => number; reach: (n: number) => Promise<void> } {
  let last = 0;
  const waiting: { n: number; done: () => void }[] = [];
  writer.stdout?.on("data", (chunk: Buffer) => {
    const numbers = chunk.toString().trim().split("\n").map(Number);
    last = Math.max(last, ...numbers.filter(Number.isFinite));
    for (const w of waiting.filter((w) => last >= w.n)) w.done();
  });
  return {
    value: () => last,
    reach: (n) => new Promise((resolve) => (last >= n ? resolve() : waiting.push({ n, done: resolve }))),
  };
}

test("a backup taken during writes restores into a server that serves the same data", async ({ browser }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "academy-restore-"));
  const source = path.join(dir, "source.db");
  const file = path.join(dir, "backup.db");
  let server: ChildProcess | undefined;
  try {
    // 1. The live e2e database, backed up while the e2e server serves it, is the source.
    const first = await backup(E2E_DATABASE_PATH, source);
    expect(first.code, first.err).toBe(0);

    // 2. Another connection writes continuously while `npm run backup` runs.
    const writer = spawn(process.execPath, ["--import", "tsx", "tests/support/write-load.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: source, DB_SYNCHRONOUS: "NORMAL" },
    });
    const written = lastWritten(writer);
    await written.reach(20);
    const before = written.value();
    const taken = await backup(source, file);
    const after = written.value();
    writer.kill("SIGTERM");
    await new Promise((resolve) => writer.once("close", resolve));
    expect(taken.code, taken.err).toBe(0);
    expect(taken.out).toMatch(/Backed up .* MB \(\d+ bytes\) in \d+ ms; integrity_check ok\./);
    expect(after, "the writer kept writing during the backup").toBeGreaterThan(before);

    // The copy is one moment of the source: every write up to some N, none after.
    const copy = openDatabase(file);
    const loads = copy.$client
      .prepare("select entity_id as n from audit_events where action = 'backup.load' order by entity_id")
      .all()
      .map((row) => (row as { n: number }).n);
    copy.$client.close();
    const inBackup = loads.length;
    expect(loads).toEqual(Array.from({ length: inBackup }, (_, i) => i + 1));
    expect(inBackup).toBeGreaterThanOrEqual(before);
    expect(inBackup).toBeLessThanOrEqual(written.value());

    // 3. Restore as the README says (a fresh DATABASE_PATH holding the file) and start.
    const restored = path.join(dir, "restored", "app.db");
    fs.mkdirSync(path.dirname(restored));
    fs.copyFileSync(file, restored);
    server = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: "0",
        DATABASE_PATH: restored,
        SESSION_SECRET: "restore-test-secret-restore-test-secret",
        LOG_LEVEL: "warn",
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      server?.stderr?.on("data", (chunk) => (out += chunk));
      server?.stdout?.on("data", (chunk) => {
        out += chunk;
        const found = /running at http:\/\/localhost:(\d+)/.exec(out);
        if (found) resolve(Number(found[1]));
      });
      server?.once("exit", (code) => reject(new Error(`the restored server exited (${code}): ${out}`)));
    });

    // 4. The same data over HTTP: a public credential page and the writes in the audit log.
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
    const page = await context.newPage();
    const credential = e2eDb()
      .select({ id: certifications.credentialId, holder: users.name })
      .from(certifications)
      .innerJoin(users, eq(users.id, certifications.userId))
      .get();
    await page.goto(`/verify/${credential?.id}`);
    await expect(page.getByText(credential?.holder ?? "?").first()).toBeVisible();
    await signIn(page, DEMO.admin);
    await page.goto("/admin/audit?action=backup.load");
    await expect(page.getByText(`load #${inBackup}`, { exact: true })).toBeVisible();
    await expect(page.getByText(`load #${inBackup + 1}`, { exact: true })).toHaveCount(0);
    const health = await page.request.get("/healthz?deep=1");
    expect(await health.json()).toMatchObject({ status: "ok", migrations: { current: true } });
    await context.close();
  } finally {
    server?.kill("SIGTERM");
    if (server && server.exitCode === null) await new Promise((resolve) => server?.once("exit", resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
