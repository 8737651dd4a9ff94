/**
 * Group commit (decision 101): writes that arrive together are run by one writer in one
 * `BEGIN IMMEDIATE` transaction, so they share one lock acquisition and one commit (one
 * fsync with `synchronous=FULL`) instead of queueing one transaction each.
 *
 * Each piece of work runs in its own savepoint: it is all-or-nothing on its own, and an error
 * in one (a refusal, a constraint) rolls back that one only and is returned to its caller
 * alone. A caller is answered only after the COMMIT has returned, so an acknowledged write is
 * durable. If the transaction itself cannot begin or commit, nothing of the batch was written
 * and every caller gets the error.
 */
import { writeTransaction, type Database, type Transaction } from "./client.server";

interface Pending {
  work: (tx: Transaction) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Batches waiting for their flush, per connection. */
const waiting = new WeakMap<Database, Pending[]>();

/** Writes one batch: every piece in its savepoint, one commit, then every caller answered. */
function flush(db: Database): void {
  const batch = waiting.get(db) ?? [];
  waiting.delete(db);
  if (batch.length === 0) return;
  let outcomes: Outcome[];
  try {
    outcomes = writeTransaction(db, (tx) =>
      batch.map((item): Outcome => {
        try {
          return { ok: true, value: tx.transaction((savepoint) => item.work(savepoint)) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  } catch (error) {
    for (const item of batch) item.reject(error);
    return;
  }
  batch.forEach((item, i) => {
    const outcome = outcomes[i] as Outcome;
    if (outcome.ok) item.resolve(outcome.value);
    else item.reject(outcome.error);
  });
}

/**
 * Queues `work` for the next group commit on `db` and resolves with its result once the
 * batch has committed (or rejects with its own error). Work queued in the same turn of the
 * event loop, and while the previous batch was being written, shares one transaction.
 * `work` must be synchronous and must not start a transaction of its own.
 */
export function groupCommit<T>(db: Database, work: (tx: Transaction) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = waiting.get(db);
    if (!queue) {
      queue = [];
      waiting.set(db, queue);
      setImmediate(() => flush(db));
    }
    queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
  });
}
