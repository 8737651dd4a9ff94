/**
 * What an operator relies on: the deep health check (writable, migrations current) and
 * `npm run backup` (a checked, self-contained copy; never over an existing file).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { count } from "drizzle-orm";
import { migrationStatus, openDatabase } from "#db/client.server";
import { regions, territories, users } from "#db/schema";
import { addTerritory } from "~/models/programs.server";
import { checkWritable, deepHealth } from "~/models/health.server";
import { backupDatabase } from "~/ops/backup.server";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
let dir: string;
const now = new Date("2026-12-01T09:00:00Z");

before(() => {
  t = createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "academy-ops-"));
  const admin = t.db.insert(users).values({ email: "ops@example.com", name: "Ops" }).returning().get();
  const region = t.db.insert(regions).values({ name: "North" }).returning().get();
  for (let i = 1; i <= 3; i++)
    addTerritory(t.db, { name: `Territory ${i}`, code: `T${i}`, regionId: region.id }, admin.id, now);
});
after(() => {
  t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("deep health", () => {
  it("a migrated database is writable and current, and the probe leaves nothing behind", () => {
    const health = deepHealth(t.db, t.file);
    assert.equal(health.ok, true, health.problems.join("; "));
    assert.equal(health.writable, true);
    assert.equal(health.migrations.current, true);
    assert.equal(health.migrations.pending, 0);
    assert.ok(health.migrations.known > 0);
    const probe = t.db.$client.prepare(
      "select count(*) as n from sqlite_master where name = 'healthz_probe'",
    );
    assert.deepEqual(probe.get(), { n: 0 });
  });

  it("a read-only database is reported as not writable", () => {
    const readonly = openDatabase(t.file, { readonly: true });
    try {
      assert.throws(() => checkWritable(readonly), /readonly|read-only/i);
      assert.equal(deepHealth(readonly, t.file).ok, false);
    } finally {
      readonly.$client.close();
    }
  });

  it("a migration not applied, or one this version does not know, is not current", () => {
    const copy = path.join(dir, "migrations.db");
    fs.copyFileSync(t.file, copy);
    const db = openDatabase(copy);
    try {
      const last = db.$client.prepare("select max(created_at) as at from __drizzle_migrations").get() as {
        at: number;
      };
      db.$client.prepare("delete from __drizzle_migrations where created_at = ?").run(last.at);
      assert.deepEqual(
        { pending: migrationStatus(db).pending, unknown: migrationStatus(db).unknown },
        { pending: 1, unknown: 0 },
      );
      db.$client
        .prepare("insert into __drizzle_migrations (hash, created_at) values ('x', ?), ('y', ?)")
        .run(last.at, last.at + 1_000);
      const status = migrationStatus(db);
      assert.equal(status.unknown, 1);
      assert.equal(deepHealth(db, copy).migrations.current, false);
    } finally {
      db.$client.close();
    }
  });
});

describe("backup", () => {
  it("copies the database into one checked file with the same data", async () => {
    const target = path.join(dir, "nested", "backup.db");
    const result = await backupDatabase(t.db, target);
    assert.equal(result.file, target);
    assert.equal(result.bytes, fs.statSync(target).size);
    assert.ok(!fs.existsSync(`${target}-wal`), "no write-ahead log beside the copy");
    const copy = openDatabase(target);
    try {
      assert.equal(copy.$client.pragma("integrity_check", { simple: true }), "ok");
      assert.equal(copy.select({ n: count() }).from(territories).get()?.n, 3);
    } finally {
      copy.$client.close();
    }
    assert.deepEqual(
      fs.readdirSync(path.dirname(target)).filter((f) => f.includes("partial")),
      [],
      "no partial file left",
    );
  });

  it("never overwrites an existing file", async () => {
    const target = path.join(dir, "exists.db");
    fs.writeFileSync(target, "keep me");
    await assert.rejects(backupDatabase(t.db, target), /already exists/);
    assert.equal(fs.readFileSync(target, "utf8"), "keep me");
  });

  it("npm run backup prints size and time; without --to it shows how to call it", () => {
    const cli = (args: string[], databasePath = t.file) =>
      spawnSync(process.execPath, ["--import", "tsx", "app/cli/backup.ts", ...args], {
        encoding: "utf8",
        env: { ...process.env, DATABASE_PATH: databasePath, NODE_ENV: "test" },
      });
    const target = path.join(dir, "cli.db");
    const ok = cli(["--to", target]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(
      ok.stdout,
      /Backed up .* to .*cli\.db: \d+\.\d MB \(\d+ bytes\) in \d+ ms; integrity_check ok\./,
    );
    const usage = cli([]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /Usage: npm run backup -- --to FILE/);
    const missing = cli(["--to", path.join(dir, "never.db")], path.join(dir, "no-such.db"));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /There is no database at/);
    assert.ok(!fs.existsSync(path.join(dir, "no-such.db")), "no empty database was created");
  });
});
