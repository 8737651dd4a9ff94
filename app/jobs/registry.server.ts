/**
 * The scheduled jobs, by name. Each takes its clock (`now`) from the context, does what is
 * due at that moment and is safe to run again (or in two processes at once): what it sends
 * is keyed in the outbox. Order matters for `--once`: queue first, then deliver.
 *
 * Issue #14 (webhooks) and #18 (learning-plan notifications) add their jobs here.
 */
import type { Database } from "#db/client.server";
import { queueWeeklyDigest } from "~/models/digest.server";
import { queuePlanReminders } from "~/models/plan-reminders.server";
import { queueCertificationReminders, queueDeltaReminders } from "~/models/reminders.server";
import { deliverOutbox } from "./deliver.server";
import type { MailSettings } from "./email.server";
import { env } from "~/utils/env.server";
import { queueAssignmentStateEvents } from "~/models/webhook-scan.server";
import { deliverWebhooks } from "./webhooks.server";

export interface JobContext {
  db: Database;
  now: Date;
  /** Public origin for links in messages. */
  origin: string;
  mail: MailSettings;
  maxAttempts: number;
}

export interface JobOutcome {
  /** One line for the log and the admin page. */
  summary: string;
  /** Whether anything was queued or delivered (quiet runs are not logged). */
  didSomething: boolean;
}

export interface Job {
  name: string;
  description: string;
  everyMinutes: number;
  run(context: JobContext): Promise<JobOutcome> | JobOutcome;
}

const queued = (n: number, one: string): JobOutcome => ({
  summary: `${n} ${one}${n === 1 ? "" : "s"} queued`,
  didSomething: n > 0,
});

export const JOBS: readonly Job[] = [
  {
    name: "certification-reminders",
    description: "Holders 90, 60, 30 and 7 days before expiry and at expiry",
    everyMinutes: 60,
    run: async (c) =>
      queued(await queueCertificationReminders(c.db, c.now, c.origin), "certification reminder"),
  },
  {
    name: "delta-reminders",
    description: "Holders behind a major revision: at publication, 30 and 7 days before the deadline",
    everyMinutes: 60,
    run: async (c) => queued(await queueDeltaReminders(c.db, c.now, c.origin), "delta-deadline reminder"),
  },
  {
    name: "plan-reminders",
    description: "Learning plans: nominees 14 and 3 days before the due date; nominee and admin when overdue",
    everyMinutes: 60,
    run: async (c) => queued(await queuePlanReminders(c.db, c.now, c.origin), "plan reminder"),
  },
  {
    name: "weekly-digest",
    description: "Admins, once per ISO week",
    everyMinutes: 60,
    run: (c) => queued(queueWeeklyDigest(c.db, c.now, c.origin), "weekly digest"),
  },
  {
    name: "deliver-outbox",
    description: "Sends queued mail over SMTP, with retries and backoff",
    everyMinutes: 1,
    run: async (c) => {
      const r = await deliverOutbox(c.db, c.now, c.mail, c.maxAttempts);
      const counts = `${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed`;
      return {
        summary: r.skipped ? `${counts} (${r.skipped})` : counts,
        didSomething: r.sent + r.retrying + r.failed > 0,
      };
    },
  },
  {
    name: "webhook-assignment-events",
    description: "Webhook events for assignments entering grace or lapsing",
    everyMinutes: 15,
    run: (c) => {
      const n = queueAssignmentStateEvents(c.db, c.now);
      return { summary: `${n} assignments in grace or lapsed checked`, didSomething: false };
    },
  },
  {
    name: "deliver-webhooks",
    description: "Signs and posts webhook events, with retries and backoff",
    everyMinutes: 1,
    run: async (c) => {
      const config = env();
      const r = await deliverWebhooks(c.db, c.now, {
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
        disableAfter: config.WEBHOOK_DISABLE_AFTER,
        maxAttempts: c.maxAttempts,
      });
      return {
        summary: `${r.sent} delivered, ${r.retrying} to retry, ${r.failed} failed`,
        didSomething: r.sent + r.retrying + r.failed > 0,
      };
    },
  },
];

export function jobNamed(name: string): Job | undefined {
  return JOBS.find((j) => j.name === name);
}
