/**
 * In-app notifications (DESIGN.md Rule 15): the same messages as the mail, for the bell in
 * the header. Written in the transaction of their cause, once per dedupe key; each person
 * sees and marks only their own (ownership in every query).
 */
import { and, count, desc, eq, isNull, lt } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { notifications } from "#db/schema";

export interface NotificationInput {
  userId: number;
  dedupeKey: string;
  topic: string;
  title: string;
  body: string;
  /** A path in the app, e.g. `/learn`. */
  link: string | null;
}

export function notify(tx: Transaction, input: NotificationInput, now: Date): boolean {
  return (
    tx
      .insert(notifications)
      .values({ ...input, createdAt: now })
      .onConflictDoNothing({ target: notifications.dedupeKey })
      .run().changes > 0
  );
}

export function unreadCount(db: Database, userId: number): number {
  return (
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  );
}

export const NOTIFICATIONS_PAGE_SIZE = 30;

/** A person's notifications, newest first, a page at a time (keyset on id). */
export function listNotifications(db: Database, userId: number, before?: number) {
  const rows = db
    .select({
      id: notifications.id,
      topic: notifications.topic,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), before ? lt(notifications.id, before) : undefined))
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE + 1)
    .all();
  const page = rows.slice(0, NOTIFICATIONS_PAGE_SIZE);
  return {
    notifications: page,
    nextBefore: rows.length > NOTIFICATIONS_PAGE_SIZE ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** Marks one of the person's own notifications read or unread; false when it is not theirs. */
export function markNotification(
  db: Database,
  userId: number,
  id: number,
  read: boolean,
  now: Date,
): boolean {
  return writeTransaction(
    db,
    (tx) =>
      tx
        .update(notifications)
        .set({ readAt: read ? now : null })
        .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
        .run().changes > 0,
  );
}

export function markAllRead(db: Database, userId: number, now: Date): number {
  return writeTransaction(
    db,
    (tx) =>
      tx
        .update(notifications)
        .set({ readAt: now })
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
        .run().changes,
  );
}
