import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assignmentState, classifyCell, graceDaysLeft } from "~/domain/coverage";
import {
  assignmentSpan,
  deltaStanding,
  inRenewalWindow,
  isRenewed,
  isSuperseded,
  renewalCompetencies,
  renewedExpiry,
  type AttainmentOrigin,
  type MajorRevision,
} from "~/domain/lifecycle";
import { dueCertificationReminder, dueDeltaReminder, isoWeek } from "~/domain/reminders";
import { addDays, addMonths } from "~/domain/time";

const now = new Date("2026-06-15T12:00:00Z");
const cert = (issuedAt: Date, expiresAt: Date, revokedAt: Date | null = null) => ({
  issuedAt,
  expiresAt,
  revokedAt,
});

describe("renewal window (Rule 13)", () => {
  const expiring = cert(addDays(now, -300), addDays(now, 90));
  it("opens exactly `window` days before expiry and closes at expiry", () => {
    assert.equal(inRenewalWindow(expiring, 90, now), true, "opens at this instant");
    assert.equal(inRenewalWindow(expiring, 90, addDays(now, -0.001)), false, "a moment before");
    assert.equal(inRenewalWindow(expiring, 90, addDays(now, 89.999)), true, "the last moment");
    assert.equal(inRenewalWindow(expiring, 90, addDays(now, 90)), false, "expired: no longer a renewal");
  });
  it("a window of 0 days never opens; a revoked certification is never in it", () => {
    assert.equal(inRenewalWindow(expiring, 0, addDays(now, 89)), false);
    assert.equal(inRenewalWindow(cert(addDays(now, -300), addDays(now, 10), now), 90, now), false);
  });
});

describe("renewal path (Rule 13)", () => {
  const requirements = [
    { competencyId: 1, validityMonths: 24 },
    { competencyId: 2, validityMonths: 24 },
    { competencyId: 3, validityMonths: 18 },
  ];
  const held = (competencyId: number, expiresAt: Date) => ({
    competencyId,
    attainedAt: addDays(now, -400),
    expiresAt,
  });
  it("a renewed certification lasts the program's validity, capped by fresh attainments", () => {
    assert.equal(renewedExpiry(12, requirements, now).getTime(), addMonths(now, 12).getTime());
    const short = [...requirements, { competencyId: 4, validityMonths: 6 }];
    assert.equal(renewedExpiry(12, short, now).getTime(), addMonths(now, 6).getTime());
  });
  it("lists only the competencies whose attainments would not outlast the renewed certification", () => {
    const renewedUntil = addMonths(now, 12);
    const attainments = [
      held(1, addDays(renewedUntil, 1)), // outlasts
      held(2, renewedUntil), // lasts exactly as long: enough
      held(3, addDays(renewedUntil, -1)), // a day short
    ];
    assert.deepEqual(renewalCompetencies(12, requirements, attainments, now), [3]);
  });
  it("includes competencies not held at all, or expired", () => {
    assert.deepEqual(renewalCompetencies(12, requirements, [held(1, addDays(now, -1))], now), [1, 2, 3]);
  });
  it("is empty once every attainment outlasts it: the renewal is complete", () => {
    const fresh = requirements.map((r) => held(r.competencyId, addMonths(now, r.validityMonths)));
    assert.deepEqual(renewalCompetencies(12, requirements, fresh, now), []);
  });
});

describe("isRenewed", () => {
  const old = cert(addDays(now, -340), addDays(now, 25));
  it("by a later, longer credential for the same program that is not revoked", () => {
    const renewal = cert(addDays(now, -2), addDays(now, 363));
    assert.equal(isRenewed(old, [old, renewal], now), true);
    assert.equal(isRenewed(old, [old, { ...renewal, revokedAt: addDays(now, -1) }], now), false);
    assert.equal(isRenewed(old, [old], now), false);
    assert.equal(isRenewed(renewal, [old, renewal], now), false, "the renewal itself is not renewed");
  });
});

describe("grace and lapse (Rule 8)", () => {
  const expired = cert(addDays(now, -375), addDays(now, -10));
  it("an expired certification is in grace for the grace period, then lapsed", () => {
    const span = assignmentSpan([expired], 30, now);
    assert.equal(span.lapsesAt?.getTime(), addDays(now, 20).getTime());
    assert.equal(assignmentState(span, now), "in-grace");
    assert.equal(graceDaysLeft(span, now), 20);
    assert.equal(assignmentState(span, addDays(now, 19.999)), "in-grace", "the last moment of grace");
    assert.equal(assignmentState(span, addDays(now, 20)), "lapsed", "lapses when grace ends");
  });
  it("a grace period of 0 lapses at the expiry instant", () => {
    const span = assignmentSpan([cert(addDays(now, -365), now)], 0, now);
    assert.equal(assignmentState(span, now), "lapsed");
    assert.equal(assignmentState(span, addDays(now, -0.001)), "at-risk");
  });
  it("a revoked certification lapses at once, even inside what would have been grace", () => {
    assert.equal(assignmentState(assignmentSpan([{ ...expired, revokedAt: now }], 30, now), now), "lapsed");
    const revokedRenewal = cert(addDays(now, -5), addDays(now, 360), addDays(now, -1));
    assert.equal(
      assignmentState(assignmentSpan([expired, revokedRenewal], 30, now), now),
      "lapsed",
      "the latest event is the revocation",
    );
    const revokedLongAgo = cert(addDays(now, -900), addDays(now, -500), addDays(now, -600));
    assert.equal(
      assignmentState(assignmentSpan([expired, revokedLongAgo], 30, now), now),
      "in-grace",
      "an older revocation does not cut the grace of a later expiry",
    );
  });
  it("a renewal during grace covers the assignment again", () => {
    const renewal = cert(addDays(now, -1), addDays(now, 364));
    assert.equal(assignmentState(assignmentSpan([expired, renewal], 30, now), now), "covered");
  });
  it("no certification: lapsed; not yet issued ones do not count", () => {
    assert.equal(assignmentState(assignmentSpan([], 30, now), now), "lapsed");
    assert.equal(
      assignmentState(assignmentSpan([cert(addDays(now, 1), addDays(now, 300))], 30, now), now),
      "lapsed",
    );
  });
});

describe("classifyCell with grace", () => {
  const targets = { specialists: 1, leads: 0 };
  const inGrace = { role: "specialist" as const, validUntil: addDays(now, -5), lapsesAt: addDays(now, 25) };
  it("a cell held only by an assignment in grace is in grace, counted apart, with its end", () => {
    const cell = classifyCell([inGrace], targets, now);
    assert.equal(cell.status, "in-grace");
    assert.equal(cell.specialists, 0);
    assert.equal(cell.inGrace, 1);
    assert.equal(cell.graceEndsAt?.getTime(), addDays(now, 25).getTime());
  });
  it("a valid specialist beside it covers the cell", () => {
    const valid = { role: "specialist" as const, validUntil: addDays(now, 200), lapsesAt: addDays(now, 230) };
    const cell = classifyCell([inGrace, valid], targets, now);
    assert.equal(cell.status, "covered");
    assert.equal(cell.inGrace, 1);
  });
  it("lapsed once grace ends", () => {
    assert.equal(classifyCell([inGrace], targets, addDays(now, 25)).status, "lapsed");
  });
});

describe("delta recertification (Rule 14)", () => {
  const revision: MajorRevision = {
    moduleId: 7,
    versionNumber: 3,
    publishedAt: now,
    recertifyBy: addDays(now, 90),
    competencyIds: [1, 2],
  };
  const origin = (o: Partial<AttainmentOrigin>): AttainmentOrigin => ({
    competencyId: 1,
    source: "assessment",
    attainedAt: addDays(now, -100),
    moduleId: 7,
    versionNumber: 2,
    ...o,
  });
  it("supersedes attainments from older versions of the same module", () => {
    assert.equal(isSuperseded(origin({}), revision), true);
    assert.equal(isSuperseded(origin({ versionNumber: 3 }), revision), false, "the new version itself");
    assert.equal(isSuperseded(origin({ moduleId: 8 }), revision), false, "another module teaching it");
    assert.equal(
      isSuperseded(origin({ competencyId: 9 }), revision),
      false,
      "a competency it does not teach",
    );
  });
  it("supersedes imported records from before the revision, never attestations", () => {
    const imported = origin({ source: "import", moduleId: null, versionNumber: null });
    assert.equal(isSuperseded(imported, revision), true);
    assert.equal(isSuperseded({ ...imported, attainedAt: now }, revision), false, "imported after it");
    assert.equal(isSuperseded(origin({ source: "attestation", moduleId: null }), revision), false);
  });
  it("a holder is pending until the deadline, overdue from it, unless renewed", () => {
    assert.equal(deltaStanding(revision.recertifyBy, false, addDays(now, 89.999)), "pending");
    assert.equal(deltaStanding(revision.recertifyBy, false, addDays(now, 90)), "overdue");
    assert.equal(deltaStanding(revision.recertifyBy, true, addDays(now, 200)), "renewed");
  });
});

describe("reminder schedule (Rule 15)", () => {
  const expiresAt = addDays(now, 90);
  const due = (at: Date, renewed = false, revokedAt: Date | null = null) =>
    dueCertificationReminder({ expiresAt, revokedAt }, renewed, at);
  it("walks 90, 60, 30, 7 days before expiry and at expiry, each from its exact instant", () => {
    assert.equal(due(addDays(now, -0.001)), undefined, "a moment before the first threshold");
    assert.equal(due(now), 90);
    assert.equal(due(addDays(now, 29.999)), 90);
    assert.equal(due(addDays(now, 30)), 60);
    assert.equal(due(addDays(now, 60)), 30);
    assert.equal(due(addDays(now, 83)), 7);
    assert.equal(due(addDays(now, 89.999)), 7);
    assert.equal(due(expiresAt), 0, "at expiry");
    assert.equal(due(addDays(expiresAt, 29.999)), 0);
    assert.equal(due(addDays(expiresAt, 30)), undefined, "not sent a month late");
  });
  it("only the latest threshold passed is due: a missed one is skipped", () => {
    assert.equal(due(addDays(now, 85)), 7, "90, 60 and 30 were missed; only 7 is due");
  });
  it("nothing for a renewed or revoked certification", () => {
    assert.equal(due(addDays(now, 60), true), undefined);
    assert.equal(due(addDays(now, 60), false, addDays(now, 59)), undefined);
  });
  it("delta deadline: announced at publication, then 30 and 7 days before, nothing after", () => {
    const deadline = addDays(now, 90);
    assert.equal(dueDeltaReminder(now, deadline, addDays(now, -1)), undefined);
    assert.equal(dueDeltaReminder(now, deadline, now), "announced");
    assert.equal(dueDeltaReminder(now, deadline, addDays(now, 60)), 30);
    assert.equal(dueDeltaReminder(now, deadline, addDays(now, 83)), 7);
    assert.equal(dueDeltaReminder(now, deadline, deadline), undefined);
    assert.equal(dueDeltaReminder(now, addDays(now, 20), now), 30, "a short deadline starts at 30");
  });
  it("the digest week is the ISO week", () => {
    assert.equal(isoWeek(new Date("2026-11-30T08:00:00Z")), "2026-W49");
    assert.equal(isoWeek(new Date("2026-11-29T23:59:59Z")), "2026-W48");
    assert.equal(isoWeek(new Date("2027-01-01T12:00:00Z")), "2026-W53");
    assert.equal(isoWeek(new Date("2024-12-30T12:00:00Z")), "2025-W01");
  });
});
