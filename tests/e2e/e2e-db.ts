/**
 * Direct access to the database the e2e server runs on, for setting up data through the
 * models (and reading answer keys) when the UI is not what a test is about.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type Database } from "#db/client.server";

export const E2E_DATABASE_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../.output/e2e/app.db",
);

/** Everything the e2e server prints (stdout and stderr), checked by server-log.teardown.ts. */
export const E2E_SERVER_LOG = path.join(path.dirname(E2E_DATABASE_PATH), "server.log");

let connection: Database | undefined;

export function e2eDb(): Database {
  connection ??= openDatabase(E2E_DATABASE_PATH);
  return connection;
}
