import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import {
  auditEvents,
  certificationPrograms,
  certifications,
  programRequirements,
  specialistAssignments,
  technologies,
  territories,
  users,
} from "#db/schema";
import { isActive } from "~/domain/certification";
import type { CellAssignment, Targets } from "~/domain/coverage";
import { forecastCoverage } from "~/domain/planning";
import { addDays } from "~/domain/time";
import { assignmentSpanSql, toSpan } from "~/models/qualifying-certification.server";
import { assignToCell, endAssignmentInCell } from "~/models/assignments.server";
import { benchByCell, getCellBench } from "~/models/bench.server";
import { getCoverage } from "~/models/coverage.server";
import { getCellLapse, getForecast } from "~/models/forecast.server";
import { previewProgramChange, saveProgramChange } from "~/models/program-what-if.server";
import { getSeatCaps, peopleOverCap, updateSeatCaps } from "~/models/seat-caps.server";
import { DEMO_SEAT_CAPS } from "~/seed/demo-planning.server";
import { seedDemo } from "~/seed/demo.server";
import { isRefusal } from "~/utils/refusal";
import { createTestDb, type TestDb } from "../support/db";
import { competencyIdOf } from "../support/lifecycle";

const now = new Date("2026-12-01T08:00:00Z");
let t: TestDb;

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
});
after(() => t.close());

const allCells = () => {
  const c = getCoverage(t.db, {}, now);
  return { ...c, keys: Object.keys(c.cells) };
};

describe("the demo organisation shows each planning case", () => {
  it("a person at the specialist cap", () => {
    assert.deepEqual(getSeatCaps(t.db), DEMO_SEAT_CAPS);
    const atCap = t.db
      .select({ userId: specialistAssignments.userId, n: sql<number>`count(*)` })
      .from(specialistAssignments)
      .where(and(eq(specialistAssignments.role, "specialist"), isNull(specialistAssignments.endedAt)))
      .groupBy(specialistAssignments.userId)
      .having(sql`count(*) = ${DEMO_SEAT_CAPS.specialist}`)
      .all();
    assert.equal(atCap.length, 1);
    assert.deepEqual(peopleOverCap(t.db, getSeatCaps(t.db), 10), []);
  });
  it("a held cell with no eligible backup, and a cell lapsing within two months", () => {
    const { territories: ts, technologies: techs, cells } = allCells();
    const bench = benchByCell(
      t.db,
      ts.map((x) => x.id),
      techs.map((x) => x.id),
      now,
    );
    const held = Object.entries(cells).filter(([, c]) =>
      ["covered", "at-risk", "in-grace"].includes(c.status),
    );
    assert.ok(
      held.some(([key]) => !bench[key]),
      "a held cell without backup",
    );
    const lapsing = held.filter(([key]) => {
      const [territoryId, technologyId] = key.split(":").map(Number);
      const lapse = getCellLapse(t.db, territoryId ?? 0, technologyId ?? 0, now);
      return lapse?.lapsesAt && new Date(lapse.lapsesAt).getTime() <= addDays(now, 61).getTime();
    });
    assert.ok(lapsing.length > 0, "a cell lapsing within two months");
  });
});

describe("forecast", () => {
  it("counts every cell every month, and held cells only decline", () => {
    const forecast = getForecast(t.db, now);
    const { keys } = allCells();
    assert.equal(forecast.totalCells, keys.length);
    assert.equal(forecast.points.length, 12);
    for (const p of forecast.points) assert.equal(p.covered + p.atRisk + p.lapsed, keys.length);
    for (let i = 1; i < forecast.points.length; i++)
      assert.ok((forecast.points[i]?.lapsed ?? 0) >= (forecast.points[i - 1]?.lapsed ?? 0));
    assert.ok(forecast.lapsingThisYear > 0);
  });
  it("reads the same spans as the heatmap's SQL (assignmentSpanSql)", () => {
    for (const at of [now, addDays(now, 45), addDays(now, 200)]) {
      const span = assignmentSpanSql(at);
      const rows = t.db
        .select({
          territoryId: specialistAssignments.territoryId,
          technologyId: specialistAssignments.technologyId,
          role: specialistAssignments.role,
          validUntil: span.validUntil,
          lapsesAt: span.lapsesAt,
        })
        .from(specialistAssignments)
        .where(isNull(specialistAssignments.endedAt))
        .all();
      const techs = new Map(
        t.db
          .select()
          .from(technologies)
          .all()
          .map((x) => [x.id, { specialists: x.targetSpecialists, leads: x.targetLeads }]),
      );
      const cells = new Map<string, { assignments: CellAssignment[]; targets: Targets }>();
      for (const r of rows) {
        const key = `${r.territoryId}:${r.technologyId}`;
        const cell = cells.get(key) ?? {
          assignments: [],
          targets: techs.get(r.technologyId) ?? { specialists: 1, leads: 0 },
        };
        cell.assignments.push({ role: r.role, ...toSpan(r) });
        cells.set(key, cell);
      }
      const empty = allCells().keys.length - cells.size;
      const expected = forecastCoverage([...cells.values()], at).map((p) => [
        p.covered,
        p.atRisk,
        p.lapsed + empty,
      ]);
      assert.deepEqual(
        getForecast(t.db, at).points.map((p) => [p.covered, p.atRisk, p.lapsed]),
        expected,
      );
    }
  });
});

describe("bench", () => {
  it("suggests the territory's people not yet eligible, smallest path first", () => {
    const { territories: ts, technologies: techs } = allCells();
    const territory = ts[0];
    const tech = techs.find((x) => x.slug === "storage");
    assert.ok(territory && tech);
    const bench = getCellBench(t.db, territory.id, tech.id, now);
    assert.ok(bench.suggestions.length > 0);
    const minutes = bench.suggestions.map((s) => s.totalMinutes);
    assert.deepEqual(
      minutes,
      [...minutes].sort((a, b) => a - b),
    );
    const backups = new Set(bench.backups.map((b) => b.id));
    assert.ok(bench.suggestions.every((s) => !backups.has(s.id)));
  });
});

/** Active specialist seats a person holds. */
const specialistSeats = (userId: number) =>
  t.db
    .select()
    .from(specialistAssignments)
    .where(
      and(
        eq(specialistAssignments.userId, userId),
        eq(specialistAssignments.role, "specialist"),
        isNull(specialistAssignments.endedAt),
      ),
    )
    .all().length;

/**
 * The demo's person at the specialist cap, certified now in a technology where they hold no
 * seat: a backup the cap keeps out. Undone by the returned function.
 */
function certifyPersonAtCap() {
  const atCap = t.db
    .select({ userId: specialistAssignments.userId })
    .from(specialistAssignments)
    .where(and(eq(specialistAssignments.role, "specialist"), isNull(specialistAssignments.endedAt)))
    .groupBy(specialistAssignments.userId)
    .having(sql`count(*) >= ${DEMO_SEAT_CAPS.specialist}`)
    .get();
  assert.ok(atCap, "the demo has a person at the specialist cap");
  const person = t.db.select().from(users).where(eq(users.id, atCap.userId)).get();
  assert.ok(person?.territoryId);
  const seated = new Set(
    t.db
      .select({ technologyId: specialistAssignments.technologyId })
      .from(specialistAssignments)
      .where(and(eq(specialistAssignments.userId, person.id), isNull(specialistAssignments.endedAt)))
      .all()
      .map((a) => a.technologyId),
  );
  const program = t.db
    .select()
    .from(certificationPrograms)
    .where(eq(certificationPrograms.level, "specialist"))
    .all()
    .find((p) => !seated.has(p.technologyId));
  assert.ok(program);
  const cert = t.db
    .insert(certifications)
    .values({
      credentialId: `test-at-cap-${person.id}`,
      userId: person.id,
      programId: program.id,
      issuedAt: addDays(now, -10),
      expiresAt: addDays(now, 300),
    })
    .returning()
    .get();
  return {
    person,
    territoryId: person.territoryId,
    technologyId: program.technologyId,
    undo: () => t.db.delete(certifications).where(eq(certifications.id, cert.id)).run(),
  };
}

describe("bench at the seat cap (Rule 17)", () => {
  it("lists a certified person at the cap apart from the backups, and as a backup once the cap allows", () => {
    const atCap = certifyPersonAtCap();
    try {
      const bench = getCellBench(t.db, atCap.territoryId, atCap.technologyId, now);
      assert.ok(!bench.backups.some((b) => b.id === atCap.person.id));
      const listed = bench.atCap.find((b) => b.id === atCap.person.id);
      assert.ok(listed, "listed at the cap");
      assert.equal(listed.cap, DEMO_SEAT_CAPS.specialist);
      assert.equal(listed.held, specialistSeats(atCap.person.id));
      updateSeatCaps(t.db, { ...DEMO_SEAT_CAPS, specialist: null }, 1, now);
      try {
        const uncapped = getCellBench(t.db, atCap.territoryId, atCap.technologyId, now);
        assert.ok(uncapped.backups.some((b) => b.id === atCap.person.id));
        assert.deepEqual(uncapped.atCap, []);
      } finally {
        updateSeatCaps(t.db, { ...DEMO_SEAT_CAPS }, 1, now);
      }
    } finally {
      atCap.undo();
    }
  });
});

describe("bench view", () => {
  it("counts each cell's eligible backups by the rules: certified now, enabled, not holding the cell, below the cap", () => {
    const { territories: ts, technologies: techs } = allCells();
    const atCap = certifyPersonAtCap();
    const certificationFacts = () =>
      t.db
        .select({
          id: certifications.id,
          userId: certifications.userId,
          technologyId: certificationPrograms.technologyId,
          issuedAt: certifications.issuedAt,
          expiresAt: certifications.expiresAt,
          revokedAt: certifications.revokedAt,
        })
        .from(certifications)
        .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
        .all();
    const certs = certificationFacts();
    const territoryOf = new Map(
      t.db
        .select({ id: users.id, territoryId: users.territoryId })
        .from(users)
        .all()
        .map((u) => [u.id, u.territoryId]),
    );
    const assignedNow = new Set(
      t.db
        .select()
        .from(specialistAssignments)
        .where(isNull(specialistAssignments.endedAt))
        .all()
        .map((a) => `${a.territoryId}:${a.technologyId}:${a.userId}`),
    );
    // Backups today through a single certification: a disabled account and a revoked
    // certification must take them off the bench.
    const soleBackups = certs.filter(
      (c) =>
        isActive(c, now) &&
        territoryOf.get(c.userId) != null &&
        !assignedNow.has(`${territoryOf.get(c.userId)}:${c.technologyId}:${c.userId}`) &&
        certs.filter((o) => o.userId === c.userId && o.technologyId === c.technologyId && isActive(o, now))
          .length === 1,
    );
    const disabled = soleBackups[0];
    const revoked = soleBackups.find((c) => disabled && c.userId !== disabled.userId);
    assert.ok(disabled && revoked, "the demo has two people on a bench through one certification");
    t.db.update(users).set({ disabledAt: now }).where(eq(users.id, disabled.userId)).run();
    t.db.update(certifications).set({ revokedAt: now }).where(eq(certifications.id, revoked.id)).run();
    try {
      const people = t.db
        .select({ id: users.id, territoryId: users.territoryId, disabledAt: users.disabledAt })
        .from(users)
        .all();
      for (const at of [now, addDays(now, 90), addDays(now, 400)]) {
        const held = certificationFacts().filter((c) => isActive(c, at));
        const expected: Record<string, number> = {};
        for (const person of people) {
          if (person.disabledAt || person.territoryId === null) continue;
          // Rule 17: holding as many specialist seats as the cap allows, the gate refuses one more.
          if (specialistSeats(person.id) >= DEMO_SEAT_CAPS.specialist) continue;
          for (const technologyId of new Set(
            held.filter((c) => c.userId === person.id).map((c) => c.technologyId),
          )) {
            const cell = `${person.territoryId}:${technologyId}`;
            if (!assignedNow.has(`${cell}:${person.id}`)) expected[cell] = (expected[cell] ?? 0) + 1;
          }
        }
        const got = benchByCell(
          t.db,
          ts.map((x) => x.id),
          techs.map((x) => x.id),
          at,
        );
        assert.deepEqual(got, expected, at.toISOString());
        if (at === now) assert.ok(Object.keys(got).length > 0);
      }
      // The person at the cap is certified in that cell, and still not counted.
      const cell = `${atCap.territoryId}:${atCap.technologyId}`;
      const withoutCap = benchByCell(t.db, [atCap.territoryId], [atCap.technologyId], now)[cell] ?? 0;
      updateSeatCaps(t.db, { ...DEMO_SEAT_CAPS, specialist: null }, 1, now);
      try {
        assert.equal(benchByCell(t.db, [atCap.territoryId], [atCap.technologyId], now)[cell], withoutCap + 1);
      } finally {
        updateSeatCaps(t.db, { ...DEMO_SEAT_CAPS }, 1, now);
      }
    } finally {
      atCap.undo();
      t.db.update(users).set({ disabledAt: null }).where(eq(users.id, disabled.userId)).run();
      t.db
        .update(certifications)
        .set({ revokedAt: revoked.revokedAt })
        .where(eq(certifications.id, revoked.id))
        .run();
    }
  });
});

describe("seat caps in the gate (Rule 7 + 17)", () => {
  const holderAtCap = () =>
    t.db
      .select({ userId: specialistAssignments.userId, technologyId: specialistAssignments.technologyId })
      .from(specialistAssignments)
      .where(and(eq(specialistAssignments.role, "specialist"), isNull(specialistAssignments.endedAt)))
      .groupBy(specialistAssignments.userId)
      .having(sql`count(*) = 2`)
      .get();
  it("refuses a seat over the cap with the reason, allows it once a seat is freed", () => {
    const holder = holderAtCap();
    assert.ok(holder);
    const seats = t.db
      .select({ id: specialistAssignments.id, territoryId: specialistAssignments.territoryId })
      .from(specialistAssignments)
      .where(and(eq(specialistAssignments.userId, holder.userId), isNull(specialistAssignments.endedAt)))
      .all();
    const other = t.db
      .select({ id: territories.id })
      .from(territories)
      .all()
      .find((x) => !seats.some((s) => s.territoryId === x.id));
    assert.ok(other);
    const input = { userId: holder.userId, technologyId: holder.technologyId, territoryId: other.id };
    assert.throws(
      () => assignToCell(t.db, { ...input, role: "specialist" }, 1, now),
      (e: unknown) =>
        isRefusal(e) &&
        /already holds 2 specialist seats; the cap is 2/.test(e.message) &&
        e.details?.reason === "over-seat-cap",
    );
    const first = seats[0];
    assert.ok(first);
    endAssignmentInCell(
      t.db,
      { assignmentId: first.id, territoryId: first.territoryId, technologyId: holder.technologyId },
      1,
      "test",
      now,
    );
    assert.ok(assignToCell(t.db, { ...input, role: "specialist" }, 1, now) > 0);
  });
  it("flags people over a cap lowered later, ends nothing, and audits the change", () => {
    const active = () =>
      t.db
        .select({ n: sql<number>`count(*)` })
        .from(specialistAssignments)
        .where(isNull(specialistAssignments.endedAt))
        .get()?.n;
    const before = active();
    updateSeatCaps(t.db, { specialist: 1, lead: null }, 1, now);
    const over = peopleOverCap(t.db, getSeatCaps(t.db), 10);
    assert.ok(over.length >= 1 && over.every((p) => p.held > 1 && p.cap === 1));
    assert.equal(active(), before);
    const audit = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "seat-caps.changed"))
      .orderBy(desc(auditEvents.id))
      .get();
    assert.deepEqual(audit?.details?.to, { specialist: 1, lead: null });
    updateSeatCaps(t.db, { ...DEMO_SEAT_CAPS }, 1, now);
  });
});

describe("what-if of a requirement change (Rule 5)", () => {
  it("previews the holders who lack a new requirement, saves without revoking, audits the figures", () => {
    const storage = t.db.select().from(technologies).where(eq(technologies.slug, "storage")).get();
    assert.ok(storage);
    const program = t.db
      .select()
      .from(certificationPrograms)
      .where(
        and(
          eq(certificationPrograms.technologyId, storage.id),
          eq(certificationPrograms.level, "specialist"),
        ),
      )
      .get();
    assert.ok(program);
    const current = t.db
      .select({ id: programRequirements.competencyId })
      .from(programRequirements)
      .where(eq(programRequirements.programId, program.id))
      .all()
      .map((r) => r.id);
    const growth = competencyIdOf(t.db, "storage-partner-growth");
    const change = { validityMonths: program.validityMonths, requirementIds: [...current, growth] };
    const preview = previewProgramChange(t.db, program.id, change, now);
    assert.equal(preview.added.length, 1);
    assert.ok(preview.holders > 0);
    assert.ok(preview.affectedCount > 0 && preview.affectedCount <= preview.holders);
    assert.equal(
      preview.trainingMinutes,
      preview.affected.reduce((s, a) => s + a.minutes, 0),
      "with fewer than 10 affected, the total is the sum of the listed paths",
    );
    assert.ok(preview.affected.every((a) => a.missing.length === 1));
    // Nothing changed by a preview.
    const unchanged = previewProgramChange(t.db, program.id, change, now);
    assert.equal(unchanged.affectedCount, preview.affectedCount);

    const certsBefore = t.db
      .select({ n: sql<number>`count(*)` })
      .from(certifications)
      .where(ne(sql`coalesce(${certifications.revokedAt}, 0)`, 0))
      .get()?.n;
    saveProgramChange(t.db, program.id, change, 1, now);
    const revokedAfter = t.db
      .select({ n: sql<number>`count(*)` })
      .from(certifications)
      .where(ne(sql`coalesce(${certifications.revokedAt}, 0)`, 0))
      .get()?.n;
    assert.equal(revokedAfter, certsBefore, "no certification revoked");
    const audit = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "program.updated"))
      .orderBy(desc(auditEvents.id))
      .get();
    assert.deepEqual(audit?.details?.whatIf, {
      holders: preview.holders,
      holdersAffected: preview.affectedCount,
      trainingMinutes: preview.trainingMinutes,
      cellsLapsing: preview.cellCount,
      firstLapse: preview.cells[0]?.lapsesAt.toISOString() ?? null,
      mostAffectedTerritories: preview.territories,
      added: preview.added,
      removed: [],
    });
    // After the save the same change affects nobody new: it is the current requirement.
    assert.deepEqual(previewProgramChange(t.db, program.id, change, now).added, []);
  });
});
