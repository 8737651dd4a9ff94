/**
 * Webhook endpoints and events (issue #14). An event is written to the outbox (channel
 * `webhook`, one row per subscribed endpoint) in the transaction of its cause, keyed once
 * (`webhook:<event key>:<endpoint>`); the delivery job signs and sends it (jobs/webhooks).
 * The body is fixed when queued, so every retry and resend carries the same bytes and the
 * same `webhook-id`.
 */
import crypto from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { webhookEndpoints, type WebhookEvent } from "#db/schema";
import { notFound } from "~/utils/refusal";
import { recordAudit } from "./audit.server";
import { enqueue } from "./outbox.server";

const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  events: webhookEndpoints.events,
  description: webhookEndpoints.description,
  createdAt: webhookEndpoints.createdAt,
  disabledAt: webhookEndpoints.disabledAt,
  disabledReason: webhookEndpoints.disabledReason,
  consecutiveFailures: webhookEndpoints.consecutiveFailures,
};

export interface NewEndpoint {
  url: string;
  events: readonly WebhookEvent[];
  description?: string | null;
}

/** Registers an endpoint; the secret in the result is the only time it is shown. */
export function createEndpoint(db: Database, input: NewEndpoint, actorId: number | null, now: Date) {
  const secret = `whsec_${crypto.randomBytes(32).toString("base64")}`;
  return writeTransaction(db, (tx) => {
    const row = tx
      .insert(webhookEndpoints)
      .values({
        url: input.url,
        events: [...new Set(input.events)],
        description: input.description?.trim() || null,
        secret,
        createdAt: now,
        createdById: actorId,
      })
      .returning(endpointColumns)
      .get();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "webhook.endpoint-created",
      entityType: "webhook-endpoint",
      entityId: row.id,
      details: { url: input.url, events: row.events },
    });
    return { ...row, secret };
  });
}

export function listEndpoints(db: Database) {
  return db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(isNull(webhookEndpoints.deletedAt))
    .orderBy(desc(webhookEndpoints.id))
    .all();
}

export function getEndpoint(db: Database, id: number) {
  const row = db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
    .get();
  if (!row) throw notFound("No such webhook endpoint.");
  return row;
}

/** Deletes (hides) an endpoint; its queued messages are dropped by the delivery job. */
export function deleteEndpoint(db: Database, id: number, actorId: number | null, now: Date): void {
  writeTransaction(db, (tx) => {
    const done = tx
      .update(webhookEndpoints)
      .set({ deletedAt: now })
      .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
      .run();
    if (done.changes === 0) throw notFound("No such webhook endpoint.");
    recordAudit(tx, {
      at: now,
      actorId,
      action: "webhook.endpoint-deleted",
      entityType: "webhook-endpoint",
      entityId: id,
    });
  });
}

/** Turns a disabled endpoint back on, its failure count reset. */
export function enableEndpoint(db: Database, id: number, actorId: number | null, now: Date): void {
  writeTransaction(db, (tx) => {
    tx.update(webhookEndpoints)
      .set({ disabledAt: null, disabledReason: null, consecutiveFailures: 0 })
      .where(eq(webhookEndpoints.id, id))
      .run();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "webhook.endpoint-enabled",
      entityType: "webhook-endpoint",
      entityId: id,
    });
  });
}

/** The recipient value of an endpoint's outbox rows. */
export const endpointRecipient = (endpointId: number) => `webhook-endpoint:${endpointId}`;

/** The stable `webhook-id` of a message: the same for every retry and resend. */
export const webhookMessageId = (dedupeKey: string) =>
  `msg_${crypto.createHash("sha256").update(dedupeKey).digest("base64url").slice(0, 27)}`;

/**
 * Queues an event for every enabled endpoint subscribed to it, in the caller's transaction.
 * `key` names the event once (e.g. `certification.revoked:42`): the same key never queues twice.
 */
export function emitWebhookEvent(
  tx: Transaction,
  type: WebhookEvent,
  key: string,
  /** Builds the payload: called only when an endpoint subscribes (null: nothing to send). */
  data: () => Record<string, unknown> | null,
  now: Date,
): number {
  const endpoints = tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(isNull(webhookEndpoints.deletedAt), isNull(webhookEndpoints.disabledAt)))
    .all()
    .filter((e) => e.events.includes(type));
  if (endpoints.length === 0) return 0;
  const payload = data();
  if (!payload) return 0;
  const body = JSON.stringify({ type, timestamp: now.toISOString(), data: payload });
  let queued = 0;
  for (const e of endpoints) {
    const ok = enqueue(
      tx,
      {
        channel: "webhook",
        topic: type,
        dedupeKey: `webhook:${key}:${e.id}`,
        recipient: endpointRecipient(e.id),
        subject: type,
        textBody: body,
        payload: { endpointId: e.id },
      },
      now,
    );
    if (ok) queued++;
  }
  return queued;
}
