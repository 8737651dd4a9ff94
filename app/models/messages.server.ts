/**
 * Telling a person something (DESIGN.md Rule 15): one call writes the email to the outbox
 * and the in-app notification, in the caller's transaction, once per key.
 */
import type { Transaction } from "#db/client.server";
import { renderHtml, renderText, type MessageContent } from "~/utils/mail-content";
import { notify } from "./notifications.server";
import { enqueue } from "./outbox.server";

export interface PersonMessage {
  /** Unique per message, e.g. `certification-reminder:42:30`. */
  key: string;
  topic: string;
  content: MessageContent;
  /** One line for the notification list. */
  summary: string;
  /** The page in the app that acts on it. */
  path: string | null;
  /** Also shown in the app (not for people who cannot sign in yet). */
  inApp?: boolean;
  /** The body carries a secret (a one-time link): blanked once delivered. */
  sensitive?: boolean;
}

/** Queues the message for the person; false when it was queued before (same key). */
export function sendToPerson(
  tx: Transaction,
  person: { id: number; email: string },
  message: PersonMessage,
  now: Date,
): boolean {
  const queued = enqueue(
    tx,
    {
      channel: "email",
      topic: message.topic,
      dedupeKey: message.key,
      recipient: person.email,
      userId: person.id,
      subject: message.content.subject,
      textBody: renderText(message.content),
      htmlBody: renderHtml(message.content),
      sensitive: message.sensitive ?? false,
    },
    now,
  );
  if (queued && message.inApp !== false) {
    notify(
      tx,
      {
        userId: person.id,
        dedupeKey: message.key,
        topic: message.topic,
        title: message.content.subject,
        body: message.summary,
        link: message.path,
      },
      now,
    );
  }
  return queued;
}
