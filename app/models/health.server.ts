/**
 * What `/healthz` and `/metrics` ask of the database: can it be read, can it be written,
 * are its migrations the ones this code expects, how big are its files.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrationStatus, type Database, type MigrationStatus } from "#db/client.server";

const ROLLBACK = Symbol("rollback");

/** Reads one row; throws when the database cannot be read. */
export function checkReadable(db: Database): void {
  db.get(sql`select 1`);
}

/**
 * Takes the write lock and writes (a throwaway table and row, in a transaction that is rolled
 * back): fails on a read-only file or mount, or when another process holds the lock past the
 * busy timeout. Nothing is left behind. A full disk is not caught here (the write never
 * reaches it): `diskFreeBytes` reports the space left.
 */
export function checkWritable(db: Database): void {
  const client = db.$client;
  const probe = client.transaction(() => {
    client.exec("create table healthz_probe (checked_at integer)");
    client.prepare("insert into healthz_probe values (?)").run(Date.now());
    throw ROLLBACK;
  });
  try {
    probe.immediate();
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
}

export interface DeepHealth {
  ok: boolean;
  writable: boolean;
  migrations: MigrationStatus & { current: boolean };
  diskFreeBytes: number | null;
  problems: string[];
}

export function deepHealth(db: Database, file: string): DeepHealth {
  const problems: string[] = [];
  let writable = true;
  try {
    checkWritable(db);
  } catch (error) {
    writable = false;
    problems.push(`database not writable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const status = migrationStatus(db);
  const current = status.pending === 0 && status.unknown === 0;
  if (status.pending > 0) problems.push(`${status.pending} migration(s) not applied`);
  if (status.unknown > 0) problems.push(`${status.unknown} applied migration(s) unknown to this version`);
  return {
    ok: problems.length === 0,
    writable,
    migrations: { ...status, current },
    diskFreeBytes: diskFreeBytes(file),
    problems,
  };
}

function diskFreeBytes(file: string): number | null {
  try {
    const stats = fs.statfsSync(path.dirname(path.resolve(file)));
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

/** Sizes of the database file and its write-ahead log, in bytes (0 when absent). */
export function databaseFileSizes(file: string): { main: number; wal: number } {
  const size = (name: string) => {
    try {
      return fs.statSync(name).size;
    } catch {
      return 0;
    }
  };
  return { main: size(file), wal: size(`${file}-wal`) };
}
