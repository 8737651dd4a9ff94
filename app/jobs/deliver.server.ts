/**
 * The delivery worker: claims due outbox messages, sends them through their channel, and
 * records each outcome (sent; due again after a backoff; failed with the last error). Safe
 * to run in several processes at once: claims are exclusive and leased.
 */
import type { Database } from "#db/client.server";
import { claimDue, recordFailure, recordSent, releaseClaims } from "~/models/outbox.server";
import { classifyMailError, createMailer, type MailSettings } from "./email.server";

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
  /** Why nothing was tried, when nothing was. */
  skipped?: string;
}

const BATCH = 50;
const MAX_BATCHES = 40;

export async function deliverOutbox(
  db: Database,
  now: Date,
  mail: MailSettings,
  maxAttempts: number,
  batchSize = BATCH,
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
  const mailer = createMailer(mail);
  if (!mailer) return { ...result, skipped: "mail is not configured (SMTP_URL)" };
  try {
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const claimed = claimDue(db, ["email"], now, batchSize);
      if (claimed.length === 0) break;
      for (const [index, message] of claimed.entries()) {
        try {
          await mailer.send(message);
          if (recordSent(db, message, now)) result.sent++;
        } catch (error) {
          const failure = classifyMailError(error);
          const outcome = recordFailure(db, message, failure, now, maxAttempts);
          result[outcome === "retry" ? "retrying" : "failed"]++;
          if (failure.serverDown) {
            // The next messages would wait for the same timeout: hand them back untried.
            releaseClaims(db, claimed.slice(index + 1));
            return { ...result, skipped: `mail server unreachable: ${failure.message}` };
          }
        }
      }
    }
    return result;
  } finally {
    mailer.close();
  }
}
