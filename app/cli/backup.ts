/**
 * `npm run backup -- --to FILE`: a consistent copy of DATABASE_PATH, taken while the app
 * runs, checked with `PRAGMA integrity_check`. Restoring is described in the README.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { BackupError, backupDatabase } from "~/ops/backup.server";
import { closeDb, db } from "~/utils/db.server";
import { env } from "~/utils/env.server";

const usage = "Usage: npm run backup -- --to FILE   (backs up DATABASE_PATH; FILE must not exist)";

let to: string | undefined;
try {
  to = parseArgs({ options: { to: { type: "string" } } }).values.to;
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
}
if (!to) {
  console.error(usage);
  process.exit(2);
}

const source = env().DATABASE_PATH;
// Opening a missing file would create an empty database and back that up.
if (!fs.existsSync(source)) {
  console.error(`There is no database at ${source} (DATABASE_PATH).`);
  process.exit(1);
}

try {
  const result = await backupDatabase(db(), to);
  const mb = (result.bytes / (1024 * 1024)).toFixed(1);
  console.log(
    `Backed up ${source} to ${result.file}: ${mb} MB (${result.bytes} bytes) in ${result.ms} ms; integrity_check ok.`,
  );
} catch (error) {
  console.error(`Backup failed: ${error instanceof BackupError ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  closeDb();
}
