/**
 * An endpoint's delivery log (issue #14): its outbox messages with their last try, resend,
 * and the record of each try — which disables the endpoint after a run of failures and tells
 * the admins.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { outbox, userRoles, users, webhookAttempts, webhookEndpoints } from "#db/schema";
import { notFound } from "~/utils/refusal";
import { recordAudit } from "./audit.server";
import { sendToPerson } from "./messages.server";
import { endpointRecipient, webhookMessageId } from "./webhooks.server";

export const DELIVERY_PAGE_SIZE = 50;

/** An endpoint's delivery log: its messages, newest first, with their last try. */
export function listDeliveries(db: Database, endpointId: number) {
  const rows = db
    .select({
      id: outbox.id,
      type: outbox.topic,
      dedupeKey: outbox.dedupeKey,
      status: outbox.status,
      attempts: outbox.attempts,
      nextAttemptAt: outbox.nextAttemptAt,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      responseCode: sql<
        number | null
      >`(select a.response_code from webhook_attempts a where a.outbox_id = "outbox"."id" order by a.id desc limit 1)`,
      latencyMs: sql<
        number | null
      >`(select a.latency_ms from webhook_attempts a where a.outbox_id = "outbox"."id" order by a.id desc limit 1)`,
    })
    .from(outbox)
    .where(and(eq(outbox.channel, "webhook"), eq(outbox.recipient, endpointRecipient(endpointId))))
    .orderBy(desc(outbox.id))
    .limit(DELIVERY_PAGE_SIZE)
    .all();
  return rows.map(({ dedupeKey, ...r }) => ({ ...r, webhookId: webhookMessageId(dedupeKey) }));
}

/** Sends a message again (same body, same webhook-id), whatever its state. */
export function resendDelivery(
  db: Database,
  endpointId: number,
  outboxId: number,
  actorId: number | null,
  now: Date,
) {
  writeTransaction(db, (tx) => {
    const done = tx
      .update(outbox)
      .set({
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        claimToken: null,
        leaseUntil: null,
      })
      .where(
        and(
          eq(outbox.id, outboxId),
          eq(outbox.recipient, endpointRecipient(endpointId)),
          inArray(outbox.status, ["sent", "failed"]),
        ),
      )
      .run();
    if (done.changes === 0)
      throw notFound("That delivery is not in this endpoint's log, or is still on its way.");
    recordAudit(tx, {
      at: now,
      actorId,
      action: "webhook.resent",
      entityType: "webhook-endpoint",
      entityId: endpointId,
      details: { outboxId },
    });
  });
}

/** Records one try; after `disableAfter` failures in a row the endpoint is disabled and admins told. */
export function recordWebhookAttempt(
  db: Database,
  attempt: {
    outboxId: number;
    endpointId: number;
    ok: boolean;
    responseCode: number | null;
    latencyMs: number;
    error: string | null;
  },
  disableAfter: number,
  now: Date,
): void {
  writeTransaction(db, (tx) => {
    tx.insert(webhookAttempts)
      .values({ ...attempt, at: now })
      .run();
    if (attempt.ok) {
      tx.update(webhookEndpoints)
        .set({ consecutiveFailures: 0 })
        .where(eq(webhookEndpoints.id, attempt.endpointId))
        .run();
      return;
    }
    const endpoint = tx
      .update(webhookEndpoints)
      .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
      .where(eq(webhookEndpoints.id, attempt.endpointId))
      .returning({
        url: webhookEndpoints.url,
        failures: webhookEndpoints.consecutiveFailures,
        disabledAt: webhookEndpoints.disabledAt,
      })
      .get();
    if (!endpoint || endpoint.disabledAt || endpoint.failures < disableAfter) return;
    const reason = `${endpoint.failures} failed deliveries in a row (last: ${attempt.error ?? attempt.responseCode})`;
    tx.update(webhookEndpoints)
      .set({ disabledAt: now, disabledReason: reason })
      .where(eq(webhookEndpoints.id, attempt.endpointId))
      .run();
    recordAudit(tx, {
      at: now,
      actorId: null,
      action: "webhook.endpoint-disabled",
      entityType: "webhook-endpoint",
      entityId: attempt.endpointId,
      reason,
    });
    const admins = tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "admin")))
      .where(isNull(users.disabledAt))
      .all();
    for (const admin of admins)
      sendToPerson(
        tx,
        admin,
        {
          key: `webhook-disabled:${attempt.endpointId}:${now.getTime()}:${admin.id}`,
          topic: "webhook.endpoint-disabled",
          content: {
            subject: "A webhook endpoint was disabled",
            greeting: "Hello,",
            paragraphs: [
              `Deliveries to ${endpoint.url} kept failing: ${reason}. The endpoint is disabled and receives nothing until an admin turns it back on.`,
            ],
          },
          summary: `Webhook endpoint ${endpoint.url} disabled after repeated failures.`,
          path: `/admin/webhooks/${attempt.endpointId}`,
        },
        now,
      );
  });
}
