/** Calendar arithmetic used by the rules. Pure: time is always a parameter. */

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `date` plus `months` calendar months, clamped to the last day of the target month
 * (31 January + 1 month = 28/29 February), in UTC.
 */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Whole days from `now` until `later`, rounded up (a few hours left counts as 1 day). */
export function daysUntil(later: Date, now: Date): number {
  return Math.ceil((later.getTime() - now.getTime()) / DAY_MS);
}

export function earliest(dates: readonly Date[]): Date | undefined {
  let min: Date | undefined;
  for (const d of dates) if (!min || d.getTime() < min.getTime()) min = d;
  return min;
}
