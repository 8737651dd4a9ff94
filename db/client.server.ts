/**
 * The one place that opens a SQLite connection. Everything else asks for `Database`.
 * db/ is the bottom floor: it imports nothing from app/.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { readMigrationFiles, type MigrationMeta } from "drizzle-orm/migrator";
import * as schema from "./schema";

export type Database = BetterSQLite3Database<typeof schema> & {
  $client: BetterSqlite3.Database;
};

/** A transaction handle as drizzle passes it to `db.transaction(cb)`. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type Synchronous = "OFF" | "NORMAL" | "FULL" | "EXTRA";

export interface OpenOptions {
  /** `FULL` (default) survives power loss; `NORMAL` may lose the last commits. */
  synchronous?: Synchronous;
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** Bytes of the file SQLite may memory-map for reads (0 turns it off). */
  mmapBytes?: number;
  /** Page cache per connection. */
  cacheBytes?: number;
}

/** db/migrations, found from this file in db/ or from the Remix build (build/) that bundles it. */
export const migrationsFolder = ((here) =>
  [path.join(here, "migrations"), path.resolve(here, "../db/migrations")].find((folder) =>
    fs.existsSync(path.join(folder, "meta/_journal.json")),
  ) ?? path.join(here, "migrations"))(path.dirname(fileURLToPath(import.meta.url)));

export function openDatabase(file: string, options: OpenOptions = {}): Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  sqlite.pragma(`synchronous = ${options.synchronous ?? "FULL"}`);
  // Reads are served from a memory map of the file and a larger page cache: on a database of
  // several hundred MB this saves a system call and a copy per page read.
  sqlite.pragma(`mmap_size = ${Math.trunc(options.mmapBytes ?? 256 * 1024 * 1024)}`);
  sqlite.pragma(`cache_size = ${-Math.trunc((options.cacheBytes ?? 32 * 1024 * 1024) / 1024)}`);
  return drizzle({ client: sqlite, schema });
}

/** Applies the committed drizzle-kit migrations; a no-op when the file is up to date. */
export function migrateDatabase(db: Database): void {
  migrate(db, { migrationsFolder });
}

export interface MigrationStatus {
  /** Migrations in db/migrations. */
  known: number;
  /** Rows in `__drizzle_migrations`. */
  applied: number;
  /** Known migrations newer than the last applied one: what `migrateDatabase` would run. */
  pending: number;
  /** Applied migrations this code does not have (a newer database, or an edited journal). */
  unknown: number;
}

let journal: MigrationMeta[] | undefined;

/** Compares the committed journal with `__drizzle_migrations`, the way drizzle's migrator does. */
export function migrationStatus(db: Database): MigrationStatus {
  journal ??= readMigrationFiles({ migrationsFolder });
  const table = db.$client
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  const applied = table
    ? db.$client
        .prepare("select created_at as createdAt from __drizzle_migrations")
        .all()
        .map((row) => Number((row as { createdAt: unknown }).createdAt))
    : [];
  const last = applied.length > 0 ? Math.max(...applied) : -Infinity;
  const knownMillis = new Set(journal.map((m) => m.folderMillis));
  return {
    known: journal.length,
    applied: applied.length,
    pending: journal.filter((m) => m.folderMillis > last).length,
    unknown: applied.filter((millis) => !knownMillis.has(millis)).length,
  };
}

/** Told how long each write transaction waited for the lock and then held it (seconds). */
export type WriteObserver = (waitSeconds: number, holdSeconds: number) => void;

// server.ts and the Remix build each load their own copy of this module: observers are kept
// on `globalThis` so that one registered by either sees the writes of both.
const OBSERVERS = Symbol.for("partner-academy.write-observers");
const holder = globalThis as typeof globalThis & { [OBSERVERS]?: WriteObserver[] };
const writeObservers = (holder[OBSERVERS] ??= []);

export function observeWriteTransactions(observer: WriteObserver): () => void {
  writeObservers.push(observer);
  return () => {
    const at = writeObservers.indexOf(observer);
    if (at >= 0) writeObservers.splice(at, 1);
  };
}

/**
 * Runs `work` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so a
 * read-then-write cannot fail with SQLITE_BUSY_SNAPSHOT when another connection wrote.
 * The wait for the lock (BEGIN IMMEDIATE returning) and the time it is held are measured.
 */
export function writeTransaction<T>(db: Database, work: (tx: Transaction) => T): T {
  if (writeObservers.length === 0) return db.transaction(work, { behavior: "immediate" });
  const asked = performance.now();
  let locked: number | undefined;
  try {
    return db.transaction(
      (tx) => {
        locked = performance.now();
        return work(tx);
      },
      { behavior: "immediate" },
    );
  } finally {
    // A lock never obtained (SQLITE_BUSY after the busy timeout) waited the whole time.
    const done = performance.now();
    const got = locked ?? done;
    for (const observe of writeObservers) observe((got - asked) / 1000, (done - got) / 1000);
  }
}
