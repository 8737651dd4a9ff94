/**
 * Reads reused while they are provably still true (decision 084). A read says until when its
 * answer holds if nothing is written: the first instant after `now` at which one of its dates
 * is crossed (an expiry, the 30 days before it, a grace end, a month end…). It is reused
 * for a later `now` only while that instant has not come and the `coverage` change counter,
 * raised by triggers on every write to the tables such reads use (migration 0018), has not
 * moved. Anything else recomputes: the answer is always the one a fresh read would give at
 * `now`, never an older one. Per connection, like prepared statements (decision 102).
 */
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { prepared } from "#db/prepared.server";
import { changeCounters } from "#db/schema";

export interface StableAnswer<T> {
  value: T;
  /** The first instant after `now` (epoch ms) at which the value may change; Infinity. */
  until: number;
}

interface Entry {
  counter: number;
  from: number;
  until: number;
  value: unknown;
}

const byConnection = new WeakMap<Database, Map<string, Entry>>();

function coverageCounter(db: Database): number {
  const statement = prepared(db, "stableRead.counter", (d) =>
    d
      .select({ counter: changeCounters.counter })
      .from(changeCounters)
      .where(eq(changeCounters.scope, "coverage"))
      .prepare(),
  );
  // No row (a database migrated before 0018 was applied by hand): never reuse anything.
  return statement.get()?.counter ?? Number.NaN;
}

/** The answer of `read` at `now`, reused from an earlier call while it provably still holds. */
export function stableRead<T>(db: Database, key: string, now: Date, read: () => StableAnswer<T>): T {
  // Inside a transaction the data may include writes a rollback takes back, and the counter
  // with them: a later committed write could bring the counter to the same value with other
  // data. Such a read is answered fresh and neither kept nor answered from what is kept.
  if (db.$client.inTransaction) return read().value;
  // The counter is read before the data: a write in between makes the stored counter older
  // than the data, so the next call recomputes (never the other way round).
  const counter = coverageCounter(db);
  const t = now.getTime();
  let entries = byConnection.get(db);
  if (!entries) {
    entries = new Map();
    byConnection.set(db, entries);
  }
  const hit = entries.get(key);
  if (hit && hit.counter === counter && hit.from <= t && t < hit.until) return hit.value as T;
  const { value, until } = read();
  entries.set(key, { counter, from: t, until, value });
  return value;
}

/** Drops every reused answer of this connection (tests compare against fresh reads). */
export function forgetStableReads(db: Database): void {
  byConnection.delete(db);
}
