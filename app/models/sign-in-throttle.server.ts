/**
 * Throttling of failed sign-ins, per account and per IP address: after `maxFailures`
 * failures within `windowMs`, that account (or address) is locked for `windowMs` from the
 * last failure. Attempts while locked are refused without checking the password.
 */
import { and, desc, eq, gt, lt } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { signInFailures } from "#db/schema";

export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowMs: number;
}

function lockedUntilFor(times: Date[], max: number, windowMs: number): Date | undefined {
  const newest = times[0];
  const nth = times[max - 1];
  if (!newest || !nth) return undefined;
  if (newest.getTime() - nth.getTime() >= windowMs) return undefined;
  return new Date(newest.getTime() + windowMs);
}

/** When sign-in is locked for this email or IP, the moment it opens again. */
export function signInLockedUntil(
  db: Database,
  email: string,
  ip: string,
  limits: ThrottleLimits,
  now: Date,
): Date | undefined {
  const since = new Date(now.getTime() - 2 * limits.windowMs);
  const recent = (
    column: typeof signInFailures.email | typeof signInFailures.ip,
    value: string,
    max: number,
  ) =>
    db
      .select({ at: signInFailures.at })
      .from(signInFailures)
      .where(and(eq(column, value), gt(signInFailures.at, since)))
      .orderBy(desc(signInFailures.at))
      .limit(max)
      .all()
      .map((r) => r.at);
  const candidates = [
    lockedUntilFor(
      recent(signInFailures.email, email, limits.maxFailuresPerAccount),
      limits.maxFailuresPerAccount,
      limits.windowMs,
    ),
    lockedUntilFor(
      recent(signInFailures.ip, ip, limits.maxFailuresPerIp),
      limits.maxFailuresPerIp,
      limits.windowMs,
    ),
  ].filter((d): d is Date => d !== undefined && d.getTime() > now.getTime());
  return candidates.sort((a, b) => b.getTime() - a.getTime())[0];
}

export function recordSignInFailure(db: Database, email: string, ip: string, now: Date): void {
  db.insert(signInFailures).values({ email, ip, at: now }).run();
}

/** A successful sign-in clears the account's failures; old rows are pruned on the way. */
export function clearSignInFailures(db: Database, email: string, limits: ThrottleLimits, now: Date) {
  db.delete(signInFailures).where(eq(signInFailures.email, email)).run();
  db.delete(signInFailures)
    .where(lt(signInFailures.at, new Date(now.getTime() - 2 * limits.windowMs)))
    .run();
}
