/**
 * Server-side session records. The cookie carries a random 256-bit id; the table keeps only
 * its SHA-256, so a copy of the database does not hand out live sessions.
 */
import crypto from "node:crypto";
import { and, count, eq, gt, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { prepared } from "#db/prepared.server";
import { sessions } from "#db/schema";

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

/** Activity is written at most this often, so reading a page is not a write every time. */
const TOUCH_INTERVAL_MS = 60_000;

export function hashSessionId(id: string): string {
  return crypto.createHash("sha256").update(id).digest("base64url");
}

export function newSessionId(): string {
  return crypto.randomBytes(32).toString("base64url");
}

function userIdOf(data: Record<string, unknown>): number | null {
  return typeof data.userId === "number" ? data.userId : null;
}

export function createSessionRecord(
  db: Database,
  data: Record<string, unknown>,
  timeouts: SessionTimeouts,
  now: Date,
): string {
  const id = newSessionId();
  db.insert(sessions)
    .values({
      idHash: hashSessionId(id),
      userId: userIdOf(data),
      data,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + timeouts.absoluteMs),
    })
    .run();
  return id;
}

/** The session's data, or null when unknown, idle too long or past its absolute end. */
export function readSessionRecord(
  db: Database,
  id: string,
  timeouts: SessionTimeouts,
  now: Date,
): Record<string, unknown> | null {
  const idHash = hashSessionId(id);
  const row = prepared(db, "sessions.byIdHash", (conn) =>
    conn
      .select()
      .from(sessions)
      .where(eq(sessions.idHash, sql.placeholder("idHash")))
      .prepare(),
  ).get({ idHash });
  if (!row) return null;
  const idleUntil = row.lastSeenAt.getTime() + timeouts.idleMs;
  if (row.expiresAt.getTime() <= now.getTime() || idleUntil <= now.getTime()) {
    db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash)).run();
  }
  return row.data;
}

export function updateSessionRecord(
  db: Database,
  id: string,
  data: Record<string, unknown>,
  now: Date,
): void {
  db.update(sessions)
    .set({ data, userId: userIdOf(data), lastSeenAt: now })
    .where(eq(sessions.idHash, hashSessionId(id)))
    .run();
}

export function deleteSessionRecord(db: Database, id: string): void {
  db.delete(sessions)
    .where(eq(sessions.idHash, hashSessionId(id)))
    .run();
}

/** Removes sessions past their absolute end or idle timeout. */
export function pruneSessions(db: Database, timeouts: SessionTimeouts, now: Date): number {
  return db
    .delete(sessions)
    .where(
      or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - timeouts.idleMs))),
    )
    .run().changes;
}

/** Signed-in sessions still within both their idle and absolute timeouts. */
export function countLiveSessions(db: Database, timeouts: SessionTimeouts, now: Date): number {
  return (
    db
      .select({ n: count() })
      .from(sessions)
      .where(
        and(
          isNotNull(sessions.userId),
          gt(sessions.expiresAt, now),
          gt(sessions.lastSeenAt, new Date(now.getTime() - timeouts.idleMs)),
        ),
      )
      .get()?.n ?? 0
  );
}
