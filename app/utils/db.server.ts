/** The app's shared connection, opened lazily from the configuration. */
import { openDatabase, type Database } from "#db/client.server";
import { env } from "./env.server";

let connection: Database | undefined;

export function db(): Database {
  if (!connection) {
    const config = env();
    connection = openDatabase(config.DATABASE_PATH, {
      synchronous: config.DB_SYNCHRONOUS,
      busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS,
    });
  }
  return connection;
}

export function closeDb(): void {
  connection?.$client.close();
  connection = undefined;
}
