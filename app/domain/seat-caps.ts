/**
 * Seat caps (DESIGN.md Rule 17): per level, an optional limit on how many territory ×
 * technology seats one person may hold at once. A seat is held from its start until the
 * assignment ends, lapsed or not: a lapsed seat is still theirs until an admin ends it.
 */
import type { ProgramLevel } from "./certification";

export const SEAT_CAP_MAX = 200;

export type SeatCaps = Record<ProgramLevel, number | null>;

export const NO_SEAT_CAPS: SeatCaps = { specialist: null, lead: null };

export type SeatCapCheck = { allowed: true } | { allowed: false; reason: string };

const LABEL: Record<ProgramLevel, string> = { specialist: "specialist", lead: "lead" };

/** Rule 7 + 17: may one more seat at this level be added to the `held` ones? */
export function seatCapCheck(
  role: ProgramLevel,
  cap: number | null,
  held: number,
  name: string,
): SeatCapCheck {
  if (cap === null || held + 1 <= cap) return { allowed: true };
  return {
    allowed: false,
    reason: `${name} already holds ${held} ${LABEL[role]} seat${held === 1 ? "" : "s"}; the cap is ${cap} per person. End one of them first or raise the cap.`,
  };
}

/** Holding more seats than the cap allows (set after they were assigned): flagged, never ended. */
export function overCap(cap: number | null, held: number): boolean {
  return cap !== null && held > cap;
}

/** "2 of 2 lead seats" — how full a person's allowance is. */
export function capUsage(role: ProgramLevel, cap: number | null, held: number): string {
  return cap === null
    ? `${held} ${LABEL[role]} seat${held === 1 ? "" : "s"}`
    : `${held} of ${cap} ${LABEL[role]} seats`;
}
