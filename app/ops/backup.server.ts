/**
 * Online backup of the SQLite database, consistent while the app keeps serving and writing.
 *
 * SQLite's backup API (better-sqlite3's `backup()`), asked to copy every page in one step:
 * that step reads inside one read transaction, so the copy is the database as of one
 * moment, and in WAL mode readers do not block writers (the app is not paused). The copy is
 * written beside the target, turned into one self-contained file (rollback journal, no -wal
 * beside it), checked with `PRAGMA integrity_check`, and only then renamed into place.
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase, type Database } from "#db/client.server";

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

export class BackupError extends Error {
  override readonly name = "BackupError";
}

/** All remaining pages in the next step (the API's maximum). */
const ALL_PAGES = 0x7fffffff;

export async function backupDatabase(source: Database, target: string): Promise<BackupResult> {
  const started = performance.now();
  const file = path.resolve(target);
  if (fs.existsSync(file)) throw new BackupError(`${target} already exists: choose a new file name.`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  fs.rmSync(partial, { force: true });
  try {
    await source.$client.backup(partial, { progress: () => ALL_PAGES });
    checkCopy(partial);
    fs.renameSync(partial, file);
  } catch (error) {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`])
      fs.rmSync(leftover, { force: true });
    throw error;
  }
  return { file, bytes: fs.statSync(file).size, ms: Math.round(performance.now() - started) };
}

/** Makes the copy one file and verifies every page of it; throws if SQLite finds a problem. */
function checkCopy(file: string): void {
  const copy = openDatabase(file, { synchronous: "FULL", mmapBytes: 0 });
  try {
    copy.$client.pragma("journal_mode = DELETE");
    const rows = copy.$client.pragma("integrity_check") as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== "ok");
    if (problems.length > 0)
      throw new BackupError(`The copy failed PRAGMA integrity_check: ${problems.slice(0, 5).join("; ")}`);
  } finally {
    copy.$client.close();
  }
}
