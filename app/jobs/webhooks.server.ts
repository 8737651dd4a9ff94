/**
 * The webhook delivery job: claims due `webhook` outbox rows, signs each with its
 * endpoint's secret per Standard Webhooks (webhook-id stable per message, a fresh
 * timestamp per try), posts it, and records the try in the endpoint's delivery log.
 * Retries follow the outbox's backoff; a permanent error (4xx, a refused address) fails at once.
 */
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import type { Database } from "#db/client.server";
import { webhookEndpoints } from "#db/schema";
import { claimDue, recordFailure, recordSent } from "~/models/outbox.server";
import { recordWebhookAttempt } from "~/models/webhook-deliveries.server";
import { webhookMessageId } from "~/models/webhooks.server";
import { postWebhook } from "./webhook-http.server";

export interface WebhookSettings {
  timeoutMs: number;
  allowPrivate: boolean;
  disableAfter: number;
  maxAttempts: number;
}

export async function deliverWebhooks(db: Database, now: Date, settings: WebhookSettings) {
  const result = { sent: 0, retrying: 0, failed: 0 };
  for (let batch = 0; batch < 20; batch++) {
    const claimed = claimDue(db, ["webhook"], now, 20);
    if (claimed.length === 0) break;
    await Promise.all(
      claimed.map(async (message) => {
        const endpointId = Number(message.payload?.endpointId);
        const endpoint = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).get();
        if (!endpoint || endpoint.deletedAt || endpoint.disabledAt) {
          recordFailure(db, message, { message: "endpoint deleted or disabled", transient: false }, now, 1);
          result.failed++;
          return;
        }
        const id = webhookMessageId(message.dedupeKey);
        const sentAt = new Date();
        const signature = new Webhook(endpoint.secret).sign(id, sentAt, message.textBody);
        const response = await postWebhook(
          endpoint.url,
          message.textBody,
          {
            "webhook-id": id,
            "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
            "webhook-signature": signature,
          },
          settings,
        );
        recordWebhookAttempt(
          db,
          {
            outboxId: message.id,
            endpointId,
            ok: response.ok,
            responseCode: response.status,
            latencyMs: response.latencyMs,
            error: response.error,
          },
          settings.disableAfter,
          now,
        );
        if (response.ok) {
          if (recordSent(db, message, now)) result.sent++;
          return;
        }
        const outcome = recordFailure(
          db,
          message,
          { message: response.error ?? "failed", transient: response.transient },
          now,
          settings.maxAttempts,
        );
        result[outcome === "retry" ? "retrying" : "failed"]++;
      }),
    );
  }
  return result;
}
