/** The order of a draft's lessons and questions: moving one place, closing gaps. */
import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import type { lessons, questions } from "#db/schema";

/** Moves a lesson or question one place up or down, swapping positions via a free slot. */
export function swapPositions(
  tx: Transaction,
  table: typeof lessons | typeof questions,
  draftId: number,
  id: number,
  direction: "up" | "down",
) {
  const row = tx
    .select({ id: table.id, position: table.position })
    .from(table)
    .where(and(eq(table.id, id), eq(table.moduleVersionId, draftId)))
    .get();
  if (!row) return false;
  const neighbour = tx
    .select({ id: table.id, position: table.position })
    .from(table)
    .where(
      and(
        eq(table.moduleVersionId, draftId),
        direction === "up" ? lt(table.position, row.position) : gt(table.position, row.position),
      ),
    )
    .orderBy(direction === "up" ? desc(table.position) : asc(table.position))
    .limit(1)
    .get();
  if (!neighbour) return true;
  tx.update(table).set({ position: -1 }).where(eq(table.id, row.id)).run();
  tx.update(table).set({ position: row.position }).where(eq(table.id, neighbour.id)).run();
  tx.update(table).set({ position: neighbour.position }).where(eq(table.id, row.id)).run();
  return true;
}

/** Closes the gap a deleted lesson or question leaves, keeping positions 1..n. */
export function renumber(tx: Transaction, table: typeof lessons | typeof questions, draftId: number) {
  const rows = tx
    .select({ id: table.id })
    .from(table)
    .where(eq(table.moduleVersionId, draftId))
    .orderBy(asc(table.position))
    .all();
  rows.forEach((r, i) =>
    tx
      .update(table)
      .set({ position: -(i + 1) })
      .where(eq(table.id, r.id))
      .run(),
  );
  rows.forEach((r, i) =>
    tx
      .update(table)
      .set({ position: i + 1 })
      .where(eq(table.id, r.id))
      .run(),
  );
}
