/**
 * The outbox (DESIGN.md Rule 15): messages are written in the transaction of their cause,
 * once per dedupe key, and delivered later by a worker that claims them with a lease,
 * retries with exponential backoff and marks them failed after the last try.
 *
 * Exactly once is the database's doing: the unique `dedupe_key` refuses a second copy
 * whatever the number of workers, retries or restarts. Delivery itself is at least once at
 * the SMTP boundary (a crash between "sent" and "recorded" resends after the lease), with a
 * stable Message-ID so a receiving server can drop the duplicate.
 */
import crypto from "node:crypto";
import { and, asc, count, desc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { outbox, type OutboxChannel, type OutboxStatus } from "#db/schema";
import { notFound } from "~/utils/refusal";

export interface OutboxInput {
  channel: OutboxChannel;
  topic: string;
  dedupeKey: string;
  recipient: string;
  userId?: number | null;
  subject: string;
  textBody: string;
  htmlBody?: string | null;
  payload?: Record<string, unknown> | null;
  sensitive?: boolean;
}

/** Queues a message unless one with the same key exists. True when this call queued it. */
export function enqueue(tx: Transaction, message: OutboxInput, now: Date): boolean {
  const result = tx
    .insert(outbox)
    .values({
      ...message,
      userId: message.userId ?? null,
      htmlBody: message.htmlBody ?? null,
      payload: message.payload ?? null,
      sensitive: message.sensitive ?? false,
      status: "pending",
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .run();
  return result.changes > 0;
}

/** Which of these keys are already queued (to skip composing what would be refused). */
export function existingKeys(db: Database | Transaction, keys: readonly string[]): Set<string> {
  const found = new Set<string>();
  // In chunks: SQLite takes a bounded number of parameters per statement.
  for (let i = 0; i < keys.length; i += 500) {
    for (const r of db
      .select({ key: outbox.dedupeKey })
      .from(outbox)
      .where(inArray(outbox.dedupeKey, keys.slice(i, i + 500)))
      .all())
      found.add(r.key);
  }
  return found;
}

/** The wait after `attempts` tries: 1 minute, then 2, 4 … doubling, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  const minutes = Math.min(60 * 6, 2 ** Math.max(0, attempts - 1));
  return minutes * 60_000;
}

export interface ClaimedMessage {
  id: number;
  channel: OutboxChannel;
  dedupeKey: string;
  recipient: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  payload: Record<string, unknown> | null;
  attempts: number;
  claimToken: string;
}

export const LEASE_MS = 5 * 60_000;

/**
 * Claims up to `limit` messages due on the given channels: pending ones whose next attempt
 * has come, and `sending` ones whose lease ran out (their worker died). One immediate
 * transaction: two workers never claim the same row.
 */
export function claimDue(
  db: Database,
  channels: readonly OutboxChannel[],
  now: Date,
  limit = 50,
  leaseMs = LEASE_MS,
): ClaimedMessage[] {
  if (channels.length === 0) return [];
  return writeTransaction(db, (tx) => {
    const due = tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          inArray(outbox.channel, [...channels]),
          or(
            and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)),
            and(eq(outbox.status, "sending"), lte(outbox.leaseUntil, now)),
          ),
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(limit)
      .all();
    if (due.length === 0) return [];
    const claimToken = crypto.randomBytes(12).toString("base64url");
    return tx
      .update(outbox)
      .set({
        status: "sending",
        claimToken,
        leaseUntil: new Date(now.getTime() + leaseMs),
        attempts: sql`${outbox.attempts} + 1`,
      })
      .where(
        inArray(
          outbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning({
        id: outbox.id,
        channel: outbox.channel,
        dedupeKey: outbox.dedupeKey,
        recipient: outbox.recipient,
        subject: outbox.subject,
        textBody: outbox.textBody,
        htmlBody: outbox.htmlBody,
        payload: outbox.payload,
        attempts: outbox.attempts,
        claimToken: sql<string>`${outbox.claimToken}`,
      })
      .all();
  });
}

const REDACTED = "(This message contained a one-time link; it was removed after delivery.)";

/** Records a delivery. A claim that lost its lease to another worker changes nothing. */
export function recordSent(db: Database, message: ClaimedMessage, now: Date): boolean {
  return writeTransaction(db, (tx) => {
    const done = tx
      .update(outbox)
      .set({
        status: "sent",
        sentAt: now,
        lastError: null,
        claimToken: null,
        leaseUntil: null,
        textBody: sql`case when ${outbox.sensitive} then ${REDACTED} else ${outbox.textBody} end`,
        htmlBody: sql`case when ${outbox.sensitive} then null else ${outbox.htmlBody} end`,
      })
      .where(and(eq(outbox.id, message.id), eq(outbox.claimToken, message.claimToken)))
      .run();
    return done.changes > 0;
  });
}

/**
 * Records a failed try: due again after a backoff when the error is transient and tries are
 * left, otherwise `failed` with the error kept for the admin page.
 */
export function recordFailure(
  db: Database,
  message: ClaimedMessage,
  error: { message: string; transient: boolean },
  now: Date,
  maxAttempts: number,
): "retry" | "failed" {
  const outcome = error.transient && message.attempts < maxAttempts ? "retry" : "failed";
  writeTransaction(db, (tx) =>
    tx
      .update(outbox)
      .set({
        status: outcome === "retry" ? "pending" : "failed",
        nextAttemptAt: new Date(now.getTime() + (outcome === "retry" ? retryDelayMs(message.attempts) : 0)),
        lastError: error.message.slice(0, 1000),
        claimToken: null,
        leaseUntil: null,
      })
      .where(and(eq(outbox.id, message.id), eq(outbox.claimToken, message.claimToken)))
      .run(),
  );
  return outcome;
}

/**
 * Hands back claimed messages that were not tried (the run stopped: the server is down), as
 * they were: due now, the try not counted.
 */
export function releaseClaims(db: Database, messages: readonly ClaimedMessage[]): void {
  if (messages.length === 0) return;
  writeTransaction(db, (tx) => {
    for (const m of messages)
      tx.update(outbox)
        .set({ status: "pending", attempts: sql`${outbox.attempts} - 1`, claimToken: null, leaseUntil: null })
        .where(and(eq(outbox.id, m.id), eq(outbox.claimToken, m.claimToken)))
        .run();
  });
}

/** An admin sends a failed message again: pending now, tries counted afresh. */
export function retryMessage(db: Database, id: number, now: Date): void {
  writeTransaction(db, (tx) => {
    const updated = tx
      .update(outbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, lastError: null })
      .where(and(eq(outbox.id, id), eq(outbox.status, "failed")))
      .run();
    if (updated.changes === 0) throw notFound("That message is not waiting for a retry.");
  });
}

/** Messages per delivery state. */
export function outboxCounts(db: Database): Record<OutboxStatus, number> {
  const rows = db.select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status).all();
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

export const OUTBOX_PAGE_SIZE = 50;

/** The outbox, newest first, one page at a time (keyset on id). */
export function listOutbox(db: Database, filters: { status?: OutboxStatus; before?: number }) {
  const rows = db
    .select({
      id: outbox.id,
      channel: outbox.channel,
      topic: outbox.topic,
      recipient: outbox.recipient,
      subject: outbox.subject,
      textBody: outbox.textBody,
      status: outbox.status,
      attempts: outbox.attempts,
      nextAttemptAt: outbox.nextAttemptAt,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(
      and(
        filters.status ? eq(outbox.status, filters.status) : undefined,
        filters.before ? lt(outbox.id, filters.before) : undefined,
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(OUTBOX_PAGE_SIZE + 1)
    .all();
  const page = rows.slice(0, OUTBOX_PAGE_SIZE);
  return {
    messages: page,
    nextBefore: rows.length > OUTBOX_PAGE_SIZE ? (page[page.length - 1]?.id ?? null) : null,
  };
}
