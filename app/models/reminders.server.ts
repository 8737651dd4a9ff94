/**
 * The reminder jobs (DESIGN.md Rule 15): find what is due at `now` by the schedule in
 * app/domain/reminders, and queue each reminder once (email + in-app) under a key per
 * subject and threshold — the outbox's unique key makes "once" hold across workers,
 * retries and restarts.
 */
import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  attainments,
  certificationPrograms,
  certifications,
  modules,
  moduleRevisions,
  moduleVersions,
  users,
} from "#db/schema";
import { inRenewalWindow, renewalOpensAt } from "~/domain/lifecycle";
import {
  CERTIFICATION_REMINDER_DAYS,
  dueCertificationReminder,
  dueDeltaReminder,
  EXPIRY_NOTICE_MAX_DAYS_LATE,
  type CertificationThreshold,
  type DeltaThreshold,
} from "~/domain/reminders";
import { addDays, daysUntil } from "~/domain/time";
import { formatDate, plural } from "~/ui/format";
import { sendToPerson, type PersonMessage } from "./messages.server";
import { existingKeys } from "./outbox.server";
import { certificationThresholdEvent } from "./webhook-events.server";

/**
 * Messages are written in transactions of this many, and the event loop gets a turn between
 * them: a first run at scale (tens of thousands of reminders) never holds the write lock, or
 * the requests of the process it runs in, for more than a few tens of milliseconds.
 */
const BATCH = 200;

async function queueAll<T>(
  db: Database,
  due: readonly T[],
  compose: (item: T) => { person: { id: number; email: string }; message: PersonMessage },
  now: Date,
  /** Also written in the message's transaction (the webhook event of the same moment). */
  alongside?: (tx: Transaction, item: T) => void,
): Promise<number> {
  let queued = 0;
  for (let i = 0; i < due.length; i += BATCH) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    const items = due.slice(i, i + BATCH);
    const batch = items.map(compose);
    queued += writeTransaction(db, (tx) => {
      if (alongside) for (const item of items) alongside(tx, item);
      return batch.reduce(
        (n, { person, message }) => n + (sendToPerson(tx, person, message, now) ? 1 : 0),
        0,
      );
    });
  }
  return queued;
}

export const certificationReminderKey = (certificationId: number, threshold: CertificationThreshold) =>
  `certification-reminder:${certificationId}:${threshold}`;

function certificationMessage(
  c: {
    id: number;
    credentialId: string;
    program: string;
    issuedAt: Date;
    expiresAt: Date;
    renewalWindowDays: number;
    name: string;
  },
  threshold: CertificationThreshold,
  now: Date,
  origin: string,
): PersonMessage {
  const expires = formatDate(c.expiresAt);
  const action = { label: "Open your dashboard", url: `${origin}/learn` };
  const greeting = `Hello ${c.name},`;
  if (threshold === 0) {
    return {
      key: certificationReminderKey(c.id, 0),
      topic: "certification.expired",
      content: {
        subject: `Your ${c.program} certification has expired`,
        greeting,
        paragraphs: [
          `Your ${c.program} certification (credential ${c.credentialId}) expired on ${expires}.`,
          "To be certified again, take the modules your dashboard lists for it. A specialist assignment that rested on it stays in grace for a short time, then lapses.",
        ],
        action,
      },
      summary: `Expired on ${expires}. Your dashboard shows what to take to be certified again.`,
      path: "/learn",
    };
  }
  const days = daysUntil(c.expiresAt, now);
  const open = inRenewalWindow({ ...c, revokedAt: null }, c.renewalWindowDays, now);
  const renewal = open
    ? `Renewal is open: your dashboard shows what to take. The new certificate is issued as soon as you finish; the current one stays valid until ${expires}.`
    : `Renewal opens on ${formatDate(renewalOpensAt(c.expiresAt, c.renewalWindowDays))}; your dashboard then shows what to take.`;
  return {
    key: certificationReminderKey(c.id, threshold),
    topic: "certification.expiring",
    content: {
      subject: `Your ${c.program} certification expires in ${plural(days, "day")}`,
      greeting,
      paragraphs: [
        `Your ${c.program} certification (credential ${c.credentialId}) expires on ${expires}.`,
        renewal,
      ],
      action,
    },
    summary: `Expires on ${expires}. ${open ? "Renewal is open." : "Renewal opens later."}`,
    path: "/learn",
  };
}

/**
 * Certifications 90, 60, 30 and 7 days before expiry and at expiry. Candidates are read in
 * one indexed range (expiring from a month ago to 90 days ahead), renewed ones left out.
 */
export function queueCertificationReminders(db: Database, now: Date, origin: string): Promise<number> {
  const t = now.getTime();
  const rows = db
    .select({
      id: certifications.id,
      credentialId: certifications.credentialId,
      issuedAt: certifications.issuedAt,
      expiresAt: certifications.expiresAt,
      revokedAt: certifications.revokedAt,
      program: certificationPrograms.name,
      renewalWindowDays: certificationPrograms.renewalWindowDays,
      userId: users.id,
      name: users.name,
      email: users.email,
      // `isRenewed` (app/domain/lifecycle) as SQL: a later, longer, unrevoked credential.
      renewed: sql<number>`exists (select 1 from certifications r
        where r.user_id = "certifications"."user_id" and r.program_id = "certifications"."program_id"
          and r.id <> "certifications"."id" and r.issued_at > "certifications"."issued_at"
          and r.issued_at <= ${t} and r.expires_at > "certifications"."expires_at"
          and (r.revoked_at is null or r.revoked_at > ${t}))`,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .innerJoin(users, eq(users.id, certifications.userId))
    .where(
      and(
        gt(certifications.expiresAt, addDays(now, -EXPIRY_NOTICE_MAX_DAYS_LATE)),
        lte(certifications.expiresAt, addDays(now, Math.max(...CERTIFICATION_REMINDER_DAYS))),
        lte(certifications.issuedAt, now),
        or(isNull(certifications.revokedAt), gt(certifications.revokedAt, now)),
        isNull(users.disabledAt),
      ),
    )
    .all();
  const due = rows.flatMap((c) => {
    const threshold = dueCertificationReminder(c, c.renewed === 1, now);
    return threshold === undefined ? [] : [{ c, threshold }];
  });
  const sent = existingKeys(
    db,
    due.map(({ c, threshold }) => certificationReminderKey(c.id, threshold)),
  );
  return queueAll(
    db,
    due.filter(({ c, threshold }) => !sent.has(certificationReminderKey(c.id, threshold))),
    ({ c, threshold }) => ({
      person: { id: c.userId, email: c.email },
      message: certificationMessage(c, threshold, now, origin),
    }),
    now,
    (tx, { c, threshold }) => certificationThresholdEvent(tx, c.id, threshold, now),
  );
}

export const deltaReminderKey = (versionId: number, userId: number, threshold: DeltaThreshold) =>
  `delta-reminder:${versionId}:${userId}:${threshold}`;

/**
 * Holders behind an open major revision: told when it is published, then 30 and 7 days
 * before the deadline, with what changed. Holders who took the new version hear nothing.
 */
export function queueDeltaReminders(db: Database, now: Date, origin: string): Promise<number> {
  const rows = db
    .select({
      versionId: moduleRevisions.moduleVersionId,
      note: moduleRevisions.note,
      recertifyBy: sql<number>`${moduleRevisions.recertifyBy}`,
      publishedAt: sql<number>`${moduleVersions.publishedAt}`,
      title: moduleVersions.title,
      slug: modules.slug,
      userId: users.id,
      name: users.name,
      email: users.email,
      renewed: sql<number>`min(coalesce((select max(a2.expires_at) from attainments a2
        where a2.user_id = "attainments"."user_id" and a2.competency_id = "attainments"."competency_id"), 0)
        > "module_revisions"."recertify_by")`,
    })
    .from(moduleRevisions)
    .innerJoin(moduleVersions, eq(moduleVersions.id, moduleRevisions.moduleVersionId))
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .innerJoin(attainments, eq(attainments.supersededByVersionId, moduleRevisions.moduleVersionId))
    .innerJoin(users, eq(users.id, attainments.userId))
    .where(
      and(eq(moduleRevisions.kind, "major"), gt(moduleRevisions.recertifyBy, now), isNull(users.disabledAt)),
    )
    .groupBy(moduleRevisions.moduleVersionId, users.id)
    .all();
  const due = rows.flatMap((r) => {
    if (r.renewed === 1) return [];
    const threshold = dueDeltaReminder(new Date(r.publishedAt), new Date(r.recertifyBy), now);
    return threshold === undefined ? [] : [{ r, threshold }];
  });
  const sent = existingKeys(
    db,
    due.map(({ r, threshold }) => deltaReminderKey(r.versionId, r.userId, threshold)),
  );
  return queueAll(
    db,
    due.filter(({ r, threshold }) => !sent.has(deltaReminderKey(r.versionId, r.userId, threshold))),
    ({ r, threshold }) => {
      const deadline = formatDate(new Date(r.recertifyBy));
      return {
        person: { id: r.userId, email: r.email },
        message: {
          key: deltaReminderKey(r.versionId, r.userId, threshold),
          topic: "module.recertify",
          content: {
            subject:
              threshold === "announced"
                ? `${r.title} has changed: take the new version by ${deadline}`
                : `Reminder: take the new version of ${r.title} by ${deadline}`,
            greeting: `Hello ${r.name},`,
            paragraphs: [
              `A major revision of “${r.title}” was published on ${formatDate(new Date(r.publishedAt))}. What changed: ${r.note}`,
              `What you earned from the earlier version stays valid until ${deadline}. Pass the new version before then to keep it.`,
            ],
            action: { label: "Open the module", url: `${origin}/learn/modules/${r.slug}` },
          },
          summary: `Take the new version by ${deadline}. What changed: ${r.note}`,
          path: `/learn/modules/${r.slug}`,
        },
      };
    },
    now,
  );
}
