import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seatEligibility, type ProgramRules } from "~/domain/certification";
import { assignmentState, classifyCell } from "~/domain/coverage";
import { addDays } from "~/domain/time";
import { csvCell, csvRow } from "~/utils/csv";

const now = new Date("2026-06-15T12:00:00Z");

/** Cover ending at `validUntil` with no grace period. */
const until = (validUntil: Date | null) => ({ validUntil, lapsesAt: validUntil });

describe("assignmentState (Rule 8)", () => {
  it("is lapsed without a valid certification, or from its expiry instant when there is no grace", () => {
    assert.equal(assignmentState(until(null), now), "lapsed");
    assert.equal(assignmentState(until(now), now), "lapsed");
  });
  it("is at risk within 30 days, covered beyond", () => {
    assert.equal(assignmentState(until(addDays(now, 30)), now), "at-risk");
    assert.equal(assignmentState(until(addDays(now, 30.01)), now), "covered");
    assert.equal(assignmentState(until(addDays(now, 1)), now), "at-risk");
  });
});

describe("classifyCell", () => {
  const targets = { specialists: 1, leads: 0 };
  it("vacant with nobody, lapsed when the only specialist lapsed", () => {
    assert.equal(classifyCell([], targets, now).status, "vacant");
    assert.equal(
      classifyCell([{ role: "specialist", ...until(addDays(now, -1)) }], targets, now).status,
      "lapsed",
    );
  });
  it("covered, or at risk when the certification it rests on ends within 30 days", () => {
    assert.equal(
      classifyCell([{ role: "specialist", ...until(addDays(now, 200)) }], targets, now).status,
      "covered",
    );
    assert.equal(
      classifyCell([{ role: "specialist", ...until(addDays(now, 10)) }], targets, now).status,
      "at-risk",
    );
  });
  it("a second specialist keeps the cell covered past the first one's expiry", () => {
    const cell = classifyCell(
      [
        { role: "specialist", ...until(addDays(now, 10)) },
        { role: "specialist", ...until(addDays(now, 200)) },
      ],
      targets,
      now,
    );
    assert.equal(cell.status, "covered");
    assert.equal(cell.coveredUntil?.getTime(), addDays(now, 200).getTime());
  });
  it("a lapsed assignment beside a valid one does not uncover the cell", () => {
    const cell = classifyCell(
      [
        { role: "specialist", ...until(null) },
        { role: "specialist", ...until(addDays(now, 100)) },
      ],
      targets,
      now,
    );
    assert.equal(cell.status, "covered");
    assert.equal(cell.lapsed, 1);
  });
  it("a lead target needs a valid lead; a lead fills a specialist seat", () => {
    const leadTarget = { specialists: 1, leads: 1 };
    assert.equal(
      classifyCell([{ role: "specialist", ...until(addDays(now, 100)) }], leadTarget, now).status,
      "vacant",
    );
    assert.equal(
      classifyCell([{ role: "lead", ...until(addDays(now, 100)) }], leadTarget, now).status,
      "covered",
    );
  });
});

describe("seatEligibility (Rule 7)", () => {
  const specialist: ProgramRules = {
    id: 1,
    technologyId: 1,
    level: "specialist",
    validityMonths: 12,
    requirementIds: [1, 2],
  };
  const lead: ProgramRules = {
    id: 2,
    technologyId: 1,
    level: "lead",
    validityMonths: 12,
    requirementIds: [3],
  };
  const programs = [specialist, lead];
  const active = {
    level: "specialist" as const,
    issuedAt: addDays(now, -10),
    expiresAt: addDays(now, 100),
    revokedAt: null,
  };
  it("an active certification at the level opens the seat", () => {
    assert.deepEqual(seatEligibility("specialist", programs, [active], [], now), {
      eligible: true,
      validUntil: addDays(now, 100),
    });
  });
  it("a specialist certification does not open the lead seat; the reason lists what is missing", () => {
    const result = seatEligibility(
      "lead",
      programs,
      [active],
      [
        { competencyId: 1, attainedAt: addDays(now, -10), expiresAt: addDays(now, 300) },
        { competencyId: 2, attainedAt: addDays(now, -800), expiresAt: addDays(now, -70) },
      ],
      now,
    );
    assert.equal(result.eligible, false);
    if (!result.eligible) {
      assert.deepEqual(
        result.missing.map((m) => [m.competencyId, m.state]),
        [
          [2, "expired"],
          [3, "missing"],
        ],
      );
    }
  });
  it("a revoked or expired certification does not count", () => {
    assert.equal(
      seatEligibility("specialist", programs, [{ ...active, revokedAt: addDays(now, -1) }], [], now).eligible,
      false,
    );
    assert.equal(
      seatEligibility("specialist", programs, [{ ...active, expiresAt: now }], [], now).eligible,
      false,
    );
  });
});

describe("CSV cells", () => {
  it("neutralises formulas and quotes what needs quoting", () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell("+1"), "'+1");
    assert.equal(csvCell("-2"), "'-2");
    assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvCell("O'Brien, Colm"), `"O'Brien, Colm"`);
    assert.equal(csvRow(["a", null, 3]), "a,,3\r\n");
  });
});
