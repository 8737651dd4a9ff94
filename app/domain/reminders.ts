/**
 * The reminder schedule (DESIGN.md Rule 15): which reminder is due for a certification or a
 * delta deadline at `now`. Each (subject, threshold) is sent at most once — the caller keys
 * it in the outbox — and only the latest threshold passed is due: a reminder whose moment
 * was missed (the job did not run, the certification was issued late) is skipped, never
 * sent in a burst.
 */
import { addDays } from "./time";

/** Days before expiry; 0 is the notice at expiry. */
export const CERTIFICATION_REMINDER_DAYS = [90, 60, 30, 7, 0] as const;
export type CertificationThreshold = (typeof CERTIFICATION_REMINDER_DAYS)[number];

/** The notice at expiry is not sent more than this many days late. */
export const EXPIRY_NOTICE_MAX_DAYS_LATE = 30;

/**
 * The certification reminder due at `now`, if any: the smallest threshold whose moment
 * (expiry − days) has passed. None for a revoked or renewed certification, before the first
 * threshold, or long after expiry.
 */
export function dueCertificationReminder(
  cert: { expiresAt: Date; revokedAt: Date | null },
  renewed: boolean,
  now: Date,
): CertificationThreshold | undefined {
  if (renewed || (cert.revokedAt && cert.revokedAt.getTime() <= now.getTime())) return undefined;
  if (now.getTime() >= addDays(cert.expiresAt, EXPIRY_NOTICE_MAX_DAYS_LATE).getTime()) return undefined;
  let due: CertificationThreshold | undefined;
  for (const days of CERTIFICATION_REMINDER_DAYS) {
    if (now.getTime() >= addDays(cert.expiresAt, -days).getTime()) due = days;
  }
  return due;
}

/** Before a delta deadline: when the revision is announced, then 30 and 7 days before. */
export const DELTA_REMINDER_DAYS = [30, 7] as const;
export type DeltaThreshold = "announced" | (typeof DELTA_REMINDER_DAYS)[number];

/**
 * The delta-deadline reminder due at `now` for a holder who is behind: the announcement as
 * soon as the revision is published, then 30 and 7 days before the deadline. Nothing once
 * the deadline has passed (the admins' digest reports who is overdue).
 */
export function dueDeltaReminder(
  publishedAt: Date,
  recertifyBy: Date,
  now: Date,
): DeltaThreshold | undefined {
  if (now.getTime() < publishedAt.getTime() || now.getTime() >= recertifyBy.getTime()) return undefined;
  let due: DeltaThreshold = "announced";
  for (const days of DELTA_REMINDER_DAYS) {
    if (now.getTime() >= addDays(recertifyBy, -days).getTime()) due = days;
  }
  return due;
}

/**
 * The ISO 8601 week of `now` (UTC), e.g. "2026-W48": the admins' digest is sent once per
 * week, the first time the job runs in it.
 */
export function isoWeek(now: Date): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = date.getUTCDay() || 7;
  // The Thursday of this week decides the year the week belongs to.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
