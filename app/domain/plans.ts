/**
 * Learning plans (DESIGN.md Rule 16): a person nominated for a program by a due date. The
 * plan holds intent and dates only; everything here derives from attainments and
 * certifications at `now` (never stored): progress in minutes and competencies, whether the
 * plan is on track, at risk or overdue, and whether it is complete.
 */
import {
  levelQualifiesFor,
  missingCompetencies,
  type AttainmentFact,
  type CertificationFact,
  type ProgramLevel,
} from "./certification";
import { pathToEligibility, type Path, type TeachingModule } from "./path";
import { addDays, daysUntil } from "./time";

/**
 * The pace a plan is judged against: two hours of training a week, beside a partner
 * manager's day job (decision 090). A plan whose remaining minutes exceed what that pace
 * gets through before the due date is at risk.
 */
export const PACE_MINUTES_PER_WEEK = 120;

/** Reminders before the due date, in days; then one notice once it is overdue. */
export const PLAN_REMINDER_DAYS = [14, 3] as const;
export type PlanReminder = (typeof PLAN_REMINDER_DAYS)[number] | "overdue";

/** The overdue notice is not sent more than this many days late (a job that did not run). */
export const OVERDUE_NOTICE_MAX_DAYS_LATE = 30;

export interface PlanDates {
  createdAt: Date;
  /** The due day at 00:00 UTC. */
  dueOn: Date;
  cancelledAt: Date | null;
}

/** The plan is late from the end of its due day. */
export function dueEnd(dueOn: Date): Date {
  return addDays(dueOn, 1);
}

/** Whole days until the end of the due day (a few hours count as one); 0 or less once late. */
export function planDaysLeft(dueOn: Date, now: Date): number {
  return daysUntil(dueEnd(dueOn), now);
}

/** Minutes of training the pace gets through in `days` days. */
export function paceCapacity(days: number): number {
  return Math.max(0, Math.floor((days * PACE_MINUTES_PER_WEEK) / 7));
}

export interface PlanProgress<M extends TeachingModule> {
  competencies: { required: number; held: number; remaining: number };
  minutes: { total: number; done: number; remaining: number };
  /** The path (Rule 9) from here: the modules still to take. */
  path: Path<M>;
}

/**
 * Progress since nomination. The plan's size is the path to eligibility at the moment of
 * nomination (the modules it then needed, in today's catalog); what is left is the path at
 * `now`. A path that grew since (an attainment expired) makes the plan bigger, never negative.
 */
export function planProgress<M extends TeachingModule>(
  requirementIds: readonly number[],
  attainments: readonly AttainmentFact[],
  catalog: readonly M[],
  nominatedAt: Date,
  now: Date,
): PlanProgress<M> {
  const before = attainments.filter((a) => a.attainedAt.getTime() <= nominatedAt.getTime());
  const atStart = pathToEligibility(missingCompetencies(requirementIds, before, nominatedAt), catalog);
  const missing = missingCompetencies(requirementIds, attainments, now);
  const path = pathToEligibility(missing, catalog);
  const total = Math.max(atStart.totalMinutes, path.totalMinutes);
  return {
    competencies: {
      required: requirementIds.length,
      held: requirementIds.length - missing.length,
      remaining: missing.length,
    },
    minutes: { total, done: total - path.totalMinutes, remaining: path.totalMinutes },
    path,
  };
}

/**
 * Complete once a certification for the program (or one that qualifies for its seat: a lead
 * certification for a specialist plan) is issued after the nomination and not revoked. A
 * renewal issues a new credential, so renewing after nomination completes the plan too; a
 * revoked certification does not count. Returns when it was completed.
 */
export function planCompletion(
  plan: { createdAt: Date; level: ProgramLevel },
  certs: readonly (CertificationFact & { level: ProgramLevel })[],
  now: Date,
): Date | undefined {
  let completedAt: Date | undefined;
  for (const c of certs) {
    if (!levelQualifiesFor(c.level, plan.level)) continue;
    if (c.issuedAt.getTime() < plan.createdAt.getTime() || c.issuedAt.getTime() > now.getTime()) continue;
    if (c.revokedAt && c.revokedAt.getTime() <= now.getTime()) continue;
    if (!completedAt || c.issuedAt.getTime() < completedAt.getTime()) completedAt = c.issuedAt;
  }
  return completedAt;
}

export type PlanStanding =
  | { state: "cancelled"; since: Date }
  | { state: "completed"; since: Date }
  | { state: "overdue"; daysLate: number }
  | { state: "at-risk"; daysLeft: number; capacityMinutes: number }
  | { state: "on-track"; daysLeft: number; capacityMinutes: number };

export type PlanState = PlanStanding["state"];

export const PLAN_STATES: readonly PlanState[] = ["on-track", "at-risk", "overdue", "completed", "cancelled"];

/**
 * Where the plan stands at `now`: cancelled, completed (Rule 16), overdue after the due day,
 * otherwise on track while the remaining minutes fit in the days left at the pace, at risk
 * when they do not.
 */
export function planStanding(
  plan: PlanDates,
  completedAt: Date | undefined,
  remainingMinutes: number,
  now: Date,
): PlanStanding {
  if (plan.cancelledAt && plan.cancelledAt.getTime() <= now.getTime())
    return { state: "cancelled", since: plan.cancelledAt };
  if (completedAt) return { state: "completed", since: completedAt };
  const daysLeft = planDaysLeft(plan.dueOn, now);
  if (daysLeft <= 0) return { state: "overdue", daysLate: Math.max(1, 1 - daysLeft) };
  const capacityMinutes = paceCapacity(daysLeft);
  return remainingMinutes > capacityMinutes
    ? { state: "at-risk", daysLeft, capacityMinutes }
    : { state: "on-track", daysLeft, capacityMinutes };
}

/**
 * The reminder due at `now` for an open plan: 14 and 3 days before the end of the due day,
 * then the overdue notice. Only the latest one passed, and only thresholds that came after
 * the nomination (a plan due in ten days gets its nomination, then the 3-day reminder).
 * Nothing for a completed or cancelled plan, or long after it became overdue.
 */
export function duePlanReminder(plan: PlanDates, state: PlanState, now: Date): PlanReminder | undefined {
  if (state === "completed" || state === "cancelled") return undefined;
  const end = dueEnd(plan.dueOn);
  if (now.getTime() >= end.getTime()) {
    return now.getTime() < addDays(end, OVERDUE_NOTICE_MAX_DAYS_LATE).getTime() ? "overdue" : undefined;
  }
  let due: PlanReminder | undefined;
  for (const days of PLAN_REMINDER_DAYS) {
    const moment = addDays(end, -days).getTime();
    if (now.getTime() >= moment && plan.createdAt.getTime() < moment) due = days;
  }
  return due;
}

/** A due date proposed by a template: `weeks` after `now`, as a UTC day. */
export function dueOnAfterWeeks(now: Date, weeks: number): Date {
  const day = addDays(now, weeks * 7);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
}
