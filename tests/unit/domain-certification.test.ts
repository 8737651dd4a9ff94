import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  certificationExpiry,
  certificationStatus,
  currentCertification,
  effectiveRequirements,
  levelQualifiesFor,
  missingCompetencies,
  programProgress,
  requirementStates,
  shouldIssue,
  type ProgramRules,
} from "~/domain/certification";
import { addDays, addMonths, daysUntil } from "~/domain/time";

const d = (iso: string) => new Date(iso);
const now = d("2026-06-15T12:00:00Z");

const specialist: ProgramRules = {
  id: 1,
  technologyId: 7,
  level: "specialist",
  validityMonths: 12,
  requirementIds: [1, 2, 3, 4],
};
const lead: ProgramRules = {
  id: 2,
  technologyId: 7,
  level: "lead",
  validityMonths: 12,
  requirementIds: [5, 6],
};

const held = (competencyId: number, attainedAt: string, expiresAt: string) => ({
  competencyId,
  attainedAt: d(attainedAt),
  expiresAt: d(expiresAt),
});

describe("addMonths", () => {
  it("adds calendar months", () => {
    assert.equal(addMonths(d("2026-01-15T00:00:00Z"), 12).toISOString(), "2027-01-15T00:00:00.000Z");
  });
  it("clamps to the end of a shorter month", () => {
    assert.equal(addMonths(d("2026-01-31T10:00:00Z"), 1).toISOString(), "2026-02-28T10:00:00.000Z");
    assert.equal(addMonths(d("2028-01-31T10:00:00Z"), 1).toISOString(), "2028-02-29T10:00:00.000Z");
  });
  it("counts partial days as a day left", () => {
    assert.equal(daysUntil(d("2026-06-16T00:00:00Z"), now), 1);
    assert.equal(daysUntil(addDays(now, 30), now), 30);
  });
});

describe("effectiveRequirements (Rule 4)", () => {
  it("a lead program includes the specialist program's requirements", () => {
    assert.deepEqual(effectiveRequirements(lead, [specialist, lead]), [1, 2, 3, 4, 5, 6]);
  });
  it("a specialist program is just its own requirements", () => {
    assert.deepEqual(effectiveRequirements(specialist, [specialist, lead]), [1, 2, 3, 4]);
  });
  it("ignores another technology's specialist program", () => {
    const other = { ...specialist, id: 9, technologyId: 8, requirementIds: [99] };
    assert.deepEqual(effectiveRequirements(lead, [other, lead]), [5, 6]);
  });
});

describe("missingCompetencies at the expiry edges", () => {
  const attainments = [
    held(1, "2025-01-01T00:00:00Z", "2026-06-15T12:00:00Z"), // expires exactly now
    held(2, "2025-01-01T00:00:00Z", "2026-06-16T12:00:00Z"), // expires tomorrow
    held(3, "2026-06-20T00:00:00Z", "2028-06-20T00:00:00Z"), // attained in the future
  ];
  it("treats an attainment as expired at its expiry instant and held the moment before", () => {
    assert.deepEqual(missingCompetencies([1, 2, 3, 4], attainments, now), [1, 3, 4]);
    assert.deepEqual(missingCompetencies([1, 2], attainments, new Date(now.getTime() - 1)), []);
  });
  it("says which are expired and which were never attained", () => {
    const states = requirementStates([1, 2, 4], attainments, now);
    assert.deepEqual(
      states.map((s) => s.state),
      ["expired", "held", "missing"],
    );
  });
  it("a renewal counts even when an older attainment expired", () => {
    const renewed = [...attainments, held(1, "2026-06-01T00:00:00Z", "2028-06-01T00:00:00Z")];
    assert.deepEqual(missingCompetencies([1, 2], renewed, now), []);
  });
});

describe("certificationExpiry (Rule 3)", () => {
  const all = [1, 2, 3, 4].map((id) => held(id, "2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z"));
  it("is issue + program validity when the attainments last longer", () => {
    assert.equal(certificationExpiry(12, [1, 2, 3, 4], all, now)?.toISOString(), "2027-06-15T12:00:00.000Z");
  });
  it("is the earliest attainment expiry when that comes first", () => {
    const shortOne = [...all.slice(1), held(1, "2025-09-01T00:00:00Z", "2026-09-01T00:00:00Z")];
    assert.equal(
      certificationExpiry(12, [1, 2, 3, 4], shortOne, now)?.toISOString(),
      "2026-09-01T00:00:00.000Z",
    );
  });
  it("is undefined while a requirement is missing", () => {
    assert.equal(certificationExpiry(12, [1, 2, 3, 4, 5], all, now), undefined);
    assert.equal(certificationExpiry(12, [], all, now), undefined);
  });
});

describe("certificationStatus", () => {
  const cert = { issuedAt: d("2025-07-01T00:00:00Z"), expiresAt: d("2026-07-15T12:00:00Z"), revokedAt: null };
  it("is active with days left, and expiring soon within 30 days", () => {
    assert.deepEqual(certificationStatus(cert, now), { status: "active", daysLeft: 30, expiringSoon: true });
    assert.deepEqual(certificationStatus(cert, d("2026-06-14T12:00:00Z")), {
      status: "active",
      daysLeft: 31,
      expiringSoon: false,
    });
  });
  it("is expired from the expiry instant", () => {
    assert.equal(certificationStatus(cert, d("2026-07-15T12:00:00Z")).status, "expired");
    assert.equal(certificationStatus(cert, d("2026-07-15T11:59:59Z")).status, "active");
  });
  it("revocation wins over dates (Rule 6)", () => {
    const revoked = { ...cert, revokedAt: d("2026-06-01T00:00:00Z") };
    assert.equal(certificationStatus(revoked, now).status, "revoked");
  });
});

describe("currentCertification and shouldIssue", () => {
  const old = { issuedAt: d("2024-01-01T00:00:00Z"), expiresAt: d("2025-01-01T00:00:00Z"), revokedAt: null };
  const active = {
    issuedAt: d("2026-01-01T00:00:00Z"),
    expiresAt: d("2026-12-31T00:00:00Z"),
    revokedAt: null,
  };
  it("prefers the active certification", () => {
    assert.equal(currentCertification([active, old], now), active);
    assert.equal(currentCertification([old], now), old);
    assert.equal(currentCertification([], now), undefined);
  });
  it("issues when nothing is active, renews only inside the renewal window once the path is complete", () => {
    const renewal = { renewalWindowDays: 60, renewalComplete: true };
    assert.equal(shouldIssue(undefined, d("2027-06-15T00:00:00Z"), now, renewal), true);
    assert.equal(shouldIssue(old, d("2027-06-15T00:00:00Z"), now, renewal), true);
    assert.equal(shouldIssue(active, d("2027-06-15T00:00:00Z"), now, renewal), false, "window not open");
    const ending = { ...active, expiresAt: d("2026-07-01T00:00:00Z") };
    assert.equal(shouldIssue(ending, d("2027-06-15T00:00:00Z"), now, renewal), true);
    assert.equal(shouldIssue(ending, d("2026-06-30T00:00:00Z"), now, renewal), false, "not longer");
    assert.equal(
      shouldIssue(ending, d("2027-06-15T00:00:00Z"), now, { ...renewal, renewalComplete: false }),
      false,
      "a partial renewal issues nothing",
    );
    assert.equal(
      shouldIssue(ending, d("2027-06-15T00:00:00Z"), now, { ...renewal, renewalWindowDays: 15 }),
      false,
      "16 days left is outside a 15-day window",
    );
    assert.equal(
      shouldIssue(ending, d("2027-06-15T00:00:00Z"), now, { ...renewal, renewalWindowDays: 16 }),
      true,
      "and inside a 16-day one",
    );
  });
});

describe("gating levels", () => {
  it("a lead certification qualifies for both seats, a specialist one only for specialist", () => {
    assert.equal(levelQualifiesFor("lead", "specialist"), true);
    assert.equal(levelQualifiesFor("lead", "lead"), true);
    assert.equal(levelQualifiesFor("specialist", "specialist"), true);
    assert.equal(levelQualifiesFor("specialist", "lead"), false);
  });
});

describe("programProgress", () => {
  it("counts held competencies against the effective requirements", () => {
    const attainments = [
      held(1, "2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z"),
      held(5, "2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z"),
    ];
    const progress = programProgress(lead, [specialist, lead], attainments, [], now);
    assert.equal(progress.required, 6);
    assert.equal(progress.held, 2);
    assert.equal(progress.certification, null);
  });
});
