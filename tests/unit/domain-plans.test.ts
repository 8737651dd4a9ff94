import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  dueEnd,
  dueOnAfterWeeks,
  duePlanReminder,
  paceCapacity,
  PACE_MINUTES_PER_WEEK,
  planCompletion,
  planDaysLeft,
  planProgress,
  planStanding,
} from "~/domain/plans";
import { addDays, addMonths } from "~/domain/time";

const nominatedAt = new Date("2026-03-01T09:00:00Z");
const dueOn = new Date("2026-04-30T00:00:00Z");
const plan = { createdAt: nominatedAt, dueOn, cancelledAt: null };
const catalog = [
  { id: 1, minutes: 60, competencyIds: [11] },
  { id: 2, minutes: 45, competencyIds: [12] },
  { id: 3, minutes: 30, competencyIds: [13, 14] },
];
const requirements = [11, 12, 13, 14];
const attained = (competencyId: number, at: Date, months = 24) => ({
  competencyId,
  attainedAt: at,
  expiresAt: addMonths(at, months),
});

describe("plan progress (minutes and competencies, from attainments)", () => {
  it("measures the plan by its path at nomination and counts what was passed since", () => {
    const held = [attained(11, addDays(nominatedAt, -30))];
    const atStart = planProgress(requirements, held, catalog, nominatedAt, nominatedAt);
    assert.deepEqual(atStart.competencies, { required: 4, held: 1, remaining: 3 });
    assert.deepEqual(atStart.minutes, { total: 75, done: 0, remaining: 75 });

    const later = addDays(nominatedAt, 10);
    const progressed = planProgress(
      requirements,
      [...held, attained(12, addDays(nominatedAt, 5))],
      catalog,
      nominatedAt,
      later,
    );
    assert.deepEqual(progressed.competencies, { required: 4, held: 2, remaining: 2 });
    assert.deepEqual(progressed.minutes, { total: 75, done: 45, remaining: 30 });
    assert.deepEqual(
      progressed.path.modules.map((m) => m.id),
      [3],
    );
  });

  it("an attainment that expires during the plan makes it bigger, never negative", () => {
    const held = [attained(11, addMonths(nominatedAt, -23))]; // expires a month after nomination
    const later = addMonths(nominatedAt, 2);
    const progress = planProgress(requirements, held, catalog, nominatedAt, later);
    assert.deepEqual(progress.minutes, { total: 135, done: 0, remaining: 135 });
    assert.equal(progress.competencies.held, 0);
  });

  it("field competencies no module teaches are remaining competencies, not minutes", () => {
    const progress = planProgress([...requirements, 99], [], catalog, nominatedAt, nominatedAt);
    assert.equal(progress.competencies.remaining, 5);
    assert.equal(progress.minutes.remaining, 135);
    assert.deepEqual(progress.path.untaught, [99]);
  });
});

describe("plan standing at the date edges", () => {
  it("is late from the end of the due day, not its start", () => {
    const end = dueEnd(dueOn);
    assert.equal(end.toISOString(), "2026-05-01T00:00:00.000Z");
    assert.equal(planDaysLeft(dueOn, new Date(end.getTime() - 1)), 1, "the last millisecond of the day");
    assert.equal(planStanding(plan, undefined, 0, new Date(end.getTime() - 1)).state, "on-track");
    assert.deepEqual(planStanding(plan, undefined, 0, end), { state: "overdue", daysLate: 1 });
    assert.deepEqual(planStanding(plan, undefined, 0, addDays(end, 1.5)), { state: "overdue", daysLate: 2 });
  });

  it("is at risk when the remaining minutes exceed the days left at the pace", () => {
    const now = addDays(dueEnd(dueOn), -14); // two weeks left
    const capacity = paceCapacity(14);
    assert.equal(capacity, 2 * PACE_MINUTES_PER_WEEK);
    assert.deepEqual(planStanding(plan, undefined, capacity, now), {
      state: "on-track",
      daysLeft: 14,
      capacityMinutes: capacity,
    });
    assert.equal(planStanding(plan, undefined, capacity + 1, now).state, "at-risk");
    // A few hours later the fourteenth day is still counted (days round up).
    assert.equal(planStanding(plan, undefined, capacity, addDays(now, 0.5)).state, "on-track");
    assert.equal(planStanding(plan, undefined, capacity, addDays(now, 1)).state, "at-risk");
  });

  it("completion and cancellation win over the dates", () => {
    const late = addDays(dueEnd(dueOn), 3);
    assert.equal(planStanding(plan, addDays(nominatedAt, 20), 500, late).state, "completed");
    const cancelled = { ...plan, cancelledAt: addDays(nominatedAt, 1) };
    assert.equal(planStanding(cancelled, addDays(nominatedAt, 20), 0, late).state, "cancelled");
  });
});

describe("plan completion (certification issued after nomination)", () => {
  const cert = (
    issuedAt: Date,
    level: "specialist" | "lead" = "specialist",
    revokedAt: Date | null = null,
  ) => ({
    issuedAt,
    expiresAt: addMonths(issuedAt, 12),
    revokedAt,
    level,
  });
  const specialistPlan = { createdAt: nominatedAt, level: "specialist" as const };
  const now = addDays(nominatedAt, 60);

  it("a certification held before the nomination does not complete it", () => {
    assert.equal(planCompletion(specialistPlan, [cert(addDays(nominatedAt, -10))], now), undefined);
  });

  it("a certification issued after the nomination completes it, from its issue", () => {
    const issued = addDays(nominatedAt, 20);
    assert.deepEqual(planCompletion(specialistPlan, [cert(issued)], now), issued);
    assert.equal(
      planCompletion(specialistPlan, [cert(issued)], addDays(issued, -1)),
      undefined,
      "not yet issued",
    );
  });

  it("a renewal after the nomination completes it (a new credential is issued)", () => {
    const original = cert(addMonths(nominatedAt, -11));
    const renewal = cert(addDays(nominatedAt, 15));
    assert.deepEqual(planCompletion(specialistPlan, [original, renewal], now), renewal.issuedAt);
  });

  it("a revoked certification does not count; another unrevoked one still does", () => {
    const issued = addDays(nominatedAt, 20);
    const revoked = cert(issued, "specialist", addDays(nominatedAt, 40));
    assert.deepEqual(planCompletion(specialistPlan, [revoked], addDays(nominatedAt, 39)), issued, "before");
    assert.equal(planCompletion(specialistPlan, [revoked], now), undefined, "after the revocation");
    const reissued = cert(addDays(nominatedAt, 50));
    assert.deepEqual(planCompletion(specialistPlan, [revoked, reissued], now), reissued.issuedAt);
  });

  it("a lead certification completes a specialist plan, not the other way round", () => {
    const issued = addDays(nominatedAt, 20);
    assert.deepEqual(planCompletion(specialistPlan, [cert(issued, "lead")], now), issued);
    assert.equal(planCompletion({ createdAt: nominatedAt, level: "lead" }, [cert(issued)], now), undefined);
  });
});

describe("plan reminders (14 and 3 days before, then overdue; each once)", () => {
  const end = dueEnd(dueOn);
  it("sends the latest threshold passed only", () => {
    assert.equal(duePlanReminder(plan, "on-track", addDays(end, -14.001)), undefined);
    assert.equal(duePlanReminder(plan, "on-track", addDays(end, -14)), 14);
    assert.equal(duePlanReminder(plan, "at-risk", addDays(end, -3)), 3);
    assert.equal(duePlanReminder(plan, "overdue", end), "overdue");
    assert.equal(duePlanReminder(plan, "overdue", addDays(end, 30)), undefined, "not a month late");
  });
  it("skips thresholds that came before the nomination, and closed plans", () => {
    const short = { ...plan, createdAt: addDays(end, -10) };
    assert.equal(duePlanReminder(short, "on-track", addDays(end, -9)), undefined);
    assert.equal(duePlanReminder(short, "on-track", addDays(end, -3)), 3);
    assert.equal(duePlanReminder(plan, "completed", addDays(end, -3)), undefined);
    assert.equal(duePlanReminder(plan, "cancelled", end), undefined);
  });
});

describe("template due dates", () => {
  it("proposes a UTC day `weeks` later", () => {
    assert.equal(
      dueOnAfterWeeks(new Date("2026-03-01T23:30:00Z"), 6).toISOString(),
      "2026-04-12T00:00:00.000Z",
    );
  });
});
