/**
 * Prepared statements cached per connection (issue #19, decision 102): a hot query is built
 * by drizzle once, its SQL compiled once by SQLite, and each request only binds its
 * placeholders (`sql.placeholder("name")`). The cache is keyed by connection, so a closed
 * or reopened database never sees another's statements. A statement prepared on the
 * connection also runs inside that connection's transactions.
 */
import type { Database } from "./client.server";

const byConnection = new WeakMap<Database, Map<string, unknown>>();

/** The statement `key` on `db`, built by `build` the first time it is asked for. */
export function prepared<T>(db: Database, key: string, build: (db: Database) => T): T {
  let cache = byConnection.get(db);
  if (!cache) {
    cache = new Map();
    byConnection.set(db, cache);
  }
  let statement = cache.get(key) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    cache.set(key, statement);
  }
  return statement;
}
