/**
 * The time-derived assignment events (`assignment.in_grace`, `assignment.lapsed`): nothing
 * is written when an assignment's certification runs out, so a job finds the assignments in
 * each state at `now` and queues the event once per spell (keyed by when it lapses).
 */
import { isNull } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { webhookEndpoints } from "#db/schema";
import { addDays } from "~/domain/time";
import { listAssignmentsIn } from "./assignments.server";
import { assignmentEvent } from "./webhook-events.server";

/** Lapses older than this are history, not news (a new endpoint is not flooded with them). */
const LAPSED_NEWS_DAYS = 30;

export function queueAssignmentStateEvents(db: Database, now: Date): number {
  const subscribed = new Set(
    db
      .select({ events: webhookEndpoints.events })
      .from(webhookEndpoints)
      .where(isNull(webhookEndpoints.disabledAt))
      .all()
      .flatMap((e) => e.events),
  );
  let seen = 0;
  for (const [state, type] of [
    ["in-grace", "assignment.in_grace"],
    ["lapsed", "assignment.lapsed"],
  ] as const) {
    if (!subscribed.has(type)) continue;
    const rows = listAssignmentsIn(db, state, now, 5000).filter(
      (a) => state === "in-grace" || (a.lapsesAt !== null && a.lapsesAt > addDays(now, -LAPSED_NEWS_DAYS)),
    );
    for (let i = 0; i < rows.length; i += 200)
      writeTransaction(db, (tx) => {
        for (const a of rows.slice(i, i + 200))
          assignmentEvent(tx, type, a.id, now, {
            key: `${type}:${a.id}:${a.lapsesAt?.getTime() ?? 0}`,
            lapsesAt: a.lapsesAt,
          });
      });
    seen += rows.length;
  }
  return seen;
}
