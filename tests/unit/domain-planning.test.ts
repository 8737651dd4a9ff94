import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyCell } from "~/domain/coverage";
import {
  benchOrder,
  cellTurningPoints,
  forecastStateAt,
  cellImpacts,
  cellLapseInstant,
  forecastCoverage,
  forecastMonths,
  holdingsOf,
  missingAtRenewal,
  monthIndexOf,
  mostAffectedTerritories,
} from "~/domain/planning";
import { capUsage, overCap, seatCapCheck } from "~/domain/seat-caps";
import { addDays } from "~/domain/time";

const now = new Date("2026-12-02T10:00:00Z");
const at = (iso: string) => new Date(iso);
/** A specialist whose certification ends at `validUntil`, with `grace` days of grace. */
const seat = (validUntil: string, grace = 30, role: "specialist" | "lead" = "specialist") => ({
  role,
  validUntil: at(validUntil),
  lapsesAt: addDays(at(validUntil), grace),
});
const one = { specialists: 1, leads: 0 };

describe("forecastMonths", () => {
  it("starts with the current month and reads each month at the first instant of the next", () => {
    const months = forecastMonths(now);
    assert.equal(months.length, 12);
    assert.equal(months[0]?.start.toISOString(), "2026-12-01T00:00:00.000Z");
    assert.equal(months[0]?.end.toISOString(), "2027-01-01T00:00:00.000Z");
    assert.equal(months[11]?.start.toISOString(), "2027-11-01T00:00:00.000Z");
    assert.equal(months[11]?.end.toISOString(), "2027-12-01T00:00:00.000Z");
  });
  it("puts an instant in the month it falls in, and nothing past the twelfth", () => {
    assert.equal(monthIndexOf(at("2026-12-31T23:59:59Z"), now), 0);
    assert.equal(monthIndexOf(at("2027-01-01T00:00:00Z"), now), 1);
    assert.equal(monthIndexOf(at("2027-11-30T23:59:59Z"), now), 11);
    assert.equal(monthIndexOf(at("2027-12-01T00:00:00Z"), now), null);
  });
});

describe("forecastCoverage: a small organisation, nobody else certifies", () => {
  // Cell A: one specialist until 15 Feb 2027, 30 days grace (lapses 17 Mar).
  // Cell B: one specialist until 1 Jan 2027 exactly, no grace (lapses at the boundary).
  // Cell C: two specialists (target 1): until 10 Jan and 20 Jun 2027, no grace.
  // Cell D: nobody (vacant).
  const cells = [
    { assignments: [seat("2027-02-15T00:00:00Z")], targets: one },
    { assignments: [seat("2027-01-01T00:00:00Z", 0)], targets: one },
    {
      assignments: [seat("2027-01-10T00:00:00Z", 0), seat("2027-06-20T00:00:00Z", 0)],
      targets: one,
    },
    { assignments: [], targets: one },
  ];
  const points = forecastCoverage(cells, now);
  const row = (i: number) => {
    const p = points[i];
    return p ? [p.covered, p.atRisk, p.lapsed] : [];
  };
  it("December: B ends exactly at the month's end (lapsed); A, 45 days left, is still covered", () => {
    // Read at 2027-01-01: A valid until 15 Feb (45 days: covered); B's expiry instant has come
    // (no grace: lapsed); C held until 20 Jun; D vacant.
    assert.deepEqual(row(0), [2, 0, 2]);
  });
  it("January: A is within 30 days of its expiry (at risk)", () => {
    // Read at 2027-02-01: A ends 15 Feb (at risk); C's second holder covers it.
    assert.deepEqual(row(1), [1, 1, 2]);
  });
  it("February and March: A in grace until 17 March, then lapsed", () => {
    assert.deepEqual(row(2), [1, 1, 2]); // read at 1 Mar: A in grace
    assert.deepEqual(row(3), [1, 0, 3]); // read at 1 Apr: A lapsed
  });
  it("May: C at risk (ends 20 June); from June everything lapsed", () => {
    assert.deepEqual(row(4), [1, 0, 3]); // April, read at 1 May: C has 50 days left
    assert.deepEqual(row(5), [0, 1, 3]); // May, read at 1 Jun
    assert.deepEqual(row(6), [0, 0, 4]); // June, read at 1 Jul
    assert.deepEqual(row(11), [0, 0, 4]);
  });
});

describe("forecastStateAt agrees with classifyCell (Rule 8) at every instant", () => {
  it("on many generated cells, every day for 400 days", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 300; n++) {
      const assignments = Array.from({ length: Math.floor(rand() * 4) }, () => {
        const validUntil = rand() < 0.1 ? null : addDays(now, Math.floor(rand() * 500) - 60);
        const role: "specialist" | "lead" = rand() < 0.3 ? "lead" : "specialist";
        const grace = [0, 30, 45][Math.floor(rand() * 3)] ?? 0;
        return { role, validUntil, lapsesAt: validUntil ? addDays(validUntil, grace) : null };
      });
      const targets = { specialists: Math.floor(rand() * 3), leads: rand() < 0.3 ? 1 : 0 };
      const points = cellTurningPoints({ assignments, targets }, now);
      for (let d = 1; d <= 400; d++) {
        const at = addDays(now, d);
        const status = classifyCell(assignments, targets, at).status;
        const expected =
          status === "covered"
            ? "covered"
            : status === "at-risk" || status === "in-grace"
              ? "at-risk"
              : "lapsed";
        assert.equal(forecastStateAt(points, at), expected, `cell ${n} on day ${d}`);
      }
    }
  });
});

describe("cellLapseInstant", () => {
  it("is the lapse of the last holding needed to meet the target", () => {
    const holdings = holdingsOf([seat("2027-01-10T00:00:00Z", 0), seat("2027-06-20T00:00:00Z", 0)]);
    assert.equal(cellLapseInstant(holdings, one, now)?.toISOString(), "2027-06-20T00:00:00.000Z");
    const two = { specialists: 2, leads: 0 };
    assert.equal(cellLapseInstant(holdings, two, now)?.toISOString(), "2027-01-10T00:00:00.000Z");
  });
  it("counts grace, and a lead target among leads only", () => {
    const holdings = holdingsOf([seat("2027-02-15T00:00:00Z", 30, "lead"), seat("2027-08-01T00:00:00Z")]);
    assert.equal(
      cellLapseInstant(holdings, { specialists: 1, leads: 1 }, now)?.toISOString(),
      "2027-03-17T00:00:00.000Z",
    );
  });
  it("is now for a cell not held, null for one held forever", () => {
    assert.equal(cellLapseInstant([], one, now)?.getTime(), now.getTime());
    assert.equal(cellLapseInstant([{ role: "specialist", lapsesAt: Infinity }], one, now), null);
  });
});

describe("benchOrder (Rule 9)", () => {
  it("puts the smallest path first, then fewer attestations, then by name", () => {
    const ordered = benchOrder([
      { id: 1, name: "Zoe", totalMinutes: 90, untaught: 0 },
      { id: 2, name: "Ann", totalMinutes: 30, untaught: 1 },
      { id: 3, name: "Bob", totalMinutes: 30, untaught: 0 },
      { id: 4, name: "Cat", totalMinutes: 30, untaught: 0 },
    ]);
    assert.deepEqual(
      ordered.map((c) => c.id),
      [3, 4, 2, 1],
    );
  });
  it("puts people at the seat cap last, whatever their path (the gate would refuse them)", () => {
    const ordered = benchOrder([
      { id: 1, name: "Ann", totalMinutes: 0, untaught: 0, atCap: true },
      { id: 2, name: "Bob", totalMinutes: 120, untaught: 2, atCap: false },
      { id: 3, name: "Cat", totalMinutes: 60, untaught: 0 },
      { id: 4, name: "Dan", totalMinutes: 30, untaught: 0, atCap: true },
    ]);
    assert.deepEqual(
      ordered.map((c) => c.id),
      [3, 2, 1, 4],
    );
  });
});

describe("seat caps", () => {
  it("allows up to the cap and refuses over it with the reason", () => {
    assert.deepEqual(seatCapCheck("specialist", 2, 1, "Ada"), { allowed: true });
    const over = seatCapCheck("specialist", 2, 2, "Ada");
    assert.equal(over.allowed, false);
    assert.match(over.allowed ? "" : over.reason, /Ada already holds 2 specialist seats; the cap is 2/);
    assert.deepEqual(seatCapCheck("lead", null, 40, "Ada"), { allowed: true });
  });
  it("frees a seat when an assignment ends (held counts only active ones)", () => {
    assert.equal(seatCapCheck("lead", 1, 1, "Ada").allowed, false);
    assert.equal(seatCapCheck("lead", 1, 0, "Ada").allowed, true);
  });
  it("flags people above a cap set later, not those at it", () => {
    assert.equal(overCap(2, 2), false);
    assert.equal(overCap(2, 3), true);
    assert.equal(overCap(null, 9), false);
    assert.equal(capUsage("lead", 4, 4), "4 of 4 lead seats");
  });
});

describe("what-if of a program change", () => {
  // Requirements become [1, 2, 5]: competency 5 is new.
  const next = [1, 2, 5];
  it("lists the new requirements a holder does not hold", () => {
    assert.deepEqual(missingAtRenewal({ userId: 1, heldCompetencyIds: [1, 2, 3] }, next), [5]);
    assert.deepEqual(missingAtRenewal({ userId: 2, heldCompetencyIds: [1, 2, 5] }, next), []);
  });
  it("finds the cells that lapse when affected holders cannot renew, and when", () => {
    const ms = (iso: string) => at(iso).getTime();
    const impacts = cellImpacts(
      [
        // Territory 1: the only specialist is affected: lapses at their lapse instant.
        {
          territoryId: 1,
          technologyId: 9,
          targets: one,
          assignments: [{ role: "specialist", lapsesAt: ms("2027-03-01T00:00:00Z"), affected: true }],
        },
        // Territory 1, another cell: an unaffected backup renews: not at risk.
        {
          territoryId: 1,
          technologyId: 8,
          targets: one,
          assignments: [
            { role: "specialist", lapsesAt: ms("2027-02-01T00:00:00Z"), affected: true },
            { role: "specialist", lapsesAt: ms("2027-01-05T00:00:00Z"), affected: false },
          ],
        },
        // Territory 2: target 2, one affected: lapses when that one does.
        {
          territoryId: 2,
          technologyId: 9,
          targets: { specialists: 2, leads: 0 },
          assignments: [
            { role: "specialist", lapsesAt: ms("2027-05-01T00:00:00Z"), affected: false },
            { role: "specialist", lapsesAt: ms("2027-01-20T00:00:00Z"), affected: true },
          ],
        },
        // Territory 3: already lapsed today: not the change's doing.
        {
          territoryId: 3,
          technologyId: 9,
          targets: one,
          assignments: [{ role: "specialist", lapsesAt: ms("2026-11-01T00:00:00Z"), affected: true }],
        },
      ],
      now,
    );
    assert.deepEqual(
      impacts.map((i) => [i.territoryId, i.technologyId, i.lapsesAt.toISOString()]),
      [
        [2, 9, "2027-01-20T00:00:00.000Z"],
        [1, 9, "2027-03-01T00:00:00.000Z"],
      ],
    );
    const extra = { territoryId: 1, technologyId: 7, lapsesAt: now };
    assert.deepEqual(mostAffectedTerritories([...impacts, extra]), [
      { territoryId: 1, cells: 2 },
      { territoryId: 2, cells: 1 },
    ]);
  });
});
