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

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

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

/**
 * Runs `work` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so a
 * read-then-write cannot fail with SQLITE_BUSY_SNAPSHOT when another connection wrote.
 */
export function writeTransaction<T>(db: Database, work: (tx: Transaction) => T): T {
  return db.transaction(work, { behavior: "immediate" });
}
