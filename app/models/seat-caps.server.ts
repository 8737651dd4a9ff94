/**
 * Seat caps (DESIGN.md Rule 17): the per-level limits admins set, the gate's check (called
 * from `assignSpecialist`, Rule 7) and the people holding more seats than a cap set after
 * they were assigned — flagged, never ended.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { PROGRAM_LEVELS, seatCaps, specialistAssignments, users, type ProgramLevel } from "#db/schema";
import { NO_SEAT_CAPS, SEAT_CAP_MAX, overCap, seatCapCheck, type SeatCaps } from "~/domain/seat-caps";
import { conflict, invalid } from "~/utils/refusal";
import { recordAudit } from "./audit.server";

export function getSeatCaps(db: Database | Transaction): SeatCaps {
  const caps: SeatCaps = { ...NO_SEAT_CAPS };
  for (const row of db.select().from(seatCaps).all()) caps[row.level] = row.maxSeats;
  return caps;
}

/** Sets both levels' caps (null: no cap), audited with the before and after. */
export function updateSeatCaps(db: Database, next: SeatCaps, actorId: number, now: Date): void {
  for (const level of PROGRAM_LEVELS) {
    const cap = next[level];
    if (cap !== null && (!Number.isInteger(cap) || cap < 1 || cap > SEAT_CAP_MAX))
      throw invalid(`A cap is 1–${SEAT_CAP_MAX} seats, or empty for no cap.`, { field: `${level}Cap` });
  }
  writeTransaction(db, (tx) => {
    const before = getSeatCaps(tx);
    for (const level of PROGRAM_LEVELS) {
      const maxSeats = next[level];
      if (maxSeats === null) tx.delete(seatCaps).where(eq(seatCaps.level, level)).run();
      else
        tx.insert(seatCaps)
          .values({ level, maxSeats })
          .onConflictDoUpdate({ target: seatCaps.level, set: { maxSeats } })
          .run();
    }
    recordAudit(tx, {
      at: now,
      actorId,
      action: "seat-caps.changed",
      entityType: "seat-caps",
      details: { from: before, to: next, overCap: peopleOverCap(tx, next, 1000).length },
    });
  });
}

/** Active seats one person holds at a level (an ended assignment frees its seat). */
export function seatsHeld(db: Database | Transaction, userId: number, role: ProgramLevel): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(specialistAssignments)
      .where(
        and(
          eq(specialistAssignments.userId, userId),
          eq(specialistAssignments.role, role),
          isNull(specialistAssignments.endedAt),
        ),
      )
      .get()?.n ?? 0
  );
}

/** The gate's seat-cap check (Rule 7 + 17): refuses one seat too many, with the reason. */
export function enforceSeatCap(tx: Transaction, userId: number, role: ProgramLevel, name: string): void {
  const cap = getSeatCaps(tx)[role];
  if (cap === null) return;
  const check = seatCapCheck(role, cap, seatsHeld(tx, userId, role), name);
  if (!check.allowed) throw conflict(check.reason, { details: { reason: "over-seat-cap", role, cap } });
}

/** Seats held per person and level, for the given people (one grouped query). */
export function seatCounts(db: Database, userIds: readonly number[]) {
  if (userIds.length === 0) return new Map<string, number>();
  const rows = db
    .select({
      userId: specialistAssignments.userId,
      role: specialistAssignments.role,
      n: sql<number>`count(*)`,
    })
    .from(specialistAssignments)
    .where(and(inArray(specialistAssignments.userId, [...userIds]), isNull(specialistAssignments.endedAt)))
    .groupBy(specialistAssignments.userId, specialistAssignments.role)
    .all();
  return new Map(rows.map((r) => [`${r.userId}:${r.role}`, r.n]));
}

/**
 * People who already hold as many active seats at `role` as its cap allows (or more): the
 * gate would refuse them one more (Rule 17). Seats held per person; empty without a cap.
 * `userIds` narrows the answer to those people.
 */
export function peopleAtCap(
  db: Database,
  role: ProgramLevel,
  userIds?: readonly number[],
): Map<number, { held: number; cap: number }> {
  const cap = getSeatCaps(db)[role];
  if (cap === null || userIds?.length === 0) return new Map();
  const rows = db
    .select({ userId: specialistAssignments.userId, held: sql<number>`count(*)` })
    .from(specialistAssignments)
    .where(
      and(
        eq(specialistAssignments.role, role),
        isNull(specialistAssignments.endedAt),
        userIds ? inArray(specialistAssignments.userId, [...userIds]) : undefined,
      ),
    )
    .groupBy(specialistAssignments.userId)
    .having(sql`count(*) >= ${cap}`)
    .all();
  return new Map(rows.map((r) => [r.userId, { held: r.held, cap }]));
}

/** Per person of `userIds`, the levels at which they hold more seats than the cap. */
export function overCapFlags(db: Database, userIds: readonly number[]) {
  const caps = getSeatCaps(db);
  const counts = seatCounts(db, userIds);
  const flags = new Map<number, { role: ProgramLevel; held: number; cap: number }[]>();
  for (const userId of new Set(userIds))
    for (const role of PROGRAM_LEVELS) {
      const held = counts.get(`${userId}:${role}`) ?? 0;
      const cap = caps[role];
      if (cap !== null && overCap(cap, held))
        flags.set(userId, [...(flags.get(userId) ?? []), { role, held, cap }]);
    }
  return flags;
}

/** People holding more seats than a cap allows, most seats first (the overview's list). */
export function peopleOverCap(db: Database | Transaction, caps: SeatCaps, limit: number) {
  const levels = PROGRAM_LEVELS.filter((l) => caps[l] !== null);
  if (levels.length === 0) return [];
  const capOf = sql.join(
    levels.map((l) => sql`when ${l} then ${caps[l]}`),
    sql` `,
  );
  return db
    .select({
      userId: specialistAssignments.userId,
      name: users.name,
      role: specialistAssignments.role,
      held: sql<number>`count(*)`,
      cap: sql<number>`case ${specialistAssignments.role} ${capOf} end`,
    })
    .from(specialistAssignments)
    .innerJoin(users, eq(users.id, specialistAssignments.userId))
    .where(and(isNull(specialistAssignments.endedAt), inArray(specialistAssignments.role, levels)))
    .groupBy(specialistAssignments.userId, specialistAssignments.role)
    .having(sql`count(*) > case ${specialistAssignments.role} ${capOf} end`)
    .orderBy(sql`count(*) desc`, users.name)
    .limit(limit)
    .all();
}

/** One person's seats per level against the caps, for their record. */
export function seatUsageOf(db: Database, userId: number) {
  const caps = getSeatCaps(db);
  const counts = seatCounts(db, [userId]);
  return PROGRAM_LEVELS.map((role) => {
    const held = counts.get(`${userId}:${role}`) ?? 0;
    return { role, held, cap: caps[role], over: overCap(caps[role], held) };
  }).filter((u) => u.held > 0 || u.cap !== null);
}
