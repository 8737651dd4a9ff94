import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, gt, isNull, lte } from "drizzle-orm";
import { certificationPrograms, certifications, specialistAssignments, userRoles, users } from "#db/schema";
import { classifyCell, type CellAssignment, type CellSummary } from "~/domain/coverage";
import { addDays } from "~/domain/time";
import { countAssignments, listAssignmentsIn } from "~/models/assignments.server";
import { cellAssignments } from "~/models/coverage-cells.server";
import { getCoverage } from "~/models/coverage.server";
import { getForecast } from "~/models/forecast.server";
import { getAdminOverview } from "~/models/admin-overview.server";
import { listPeople, PEOPLE_PAGE_SIZE } from "~/models/people.server";
import { assignmentSpanSql, toSpan } from "~/models/qualifying-certification.server";
import { seedDemo } from "~/seed/demo.server";
import { createTestDb, type TestDb } from "../support/db";

const seededAt = new Date("2026-11-27T10:00:00Z");
// Before any certification, mid-validity, around expiries and grace ends, and long after.
const NOWS = [-400, -30, 0, 20, 45, 100, 200, 365, 400, 800].map((d) => addDays(seededAt, d));
let t: TestDb;

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, seededAt, "tests/fixtures/content");
  // A revocation as the latest event on one assigned person's qualifying certification.
  const assigned = t.db
    .select({ userId: specialistAssignments.userId, technologyId: specialistAssignments.technologyId })
    .from(specialistAssignments)
    .where(isNull(specialistAssignments.endedAt))
    .get();
  assert.ok(assigned, "the demo organisation has an active assignment");
  const cert = t.db
    .select({ id: certifications.id })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(
      and(
        eq(certifications.userId, assigned.userId),
        eq(certificationPrograms.technologyId, assigned.technologyId),
      ),
    )
    .get();
  assert.ok(cert);
  t.db
    .update(certifications)
    .set({ revokedAt: addDays(seededAt, 10) })
    .where(eq(certifications.id, cert.id))
    .run();
});
after(() => t.close());

/** The previous implementation: one row per assignment with correlated subqueries. */
function referenceSpans(now: Date) {
  const span = assignmentSpanSql(now);
  return t.db
    .select({
      id: specialistAssignments.id,
      territoryId: specialistAssignments.territoryId,
      technologyId: specialistAssignments.technologyId,
      role: specialistAssignments.role,
      validUntil: span.validUntil,
      lapsesAt: span.lapsesAt,
    })
    .from(specialistAssignments)
    .where(isNull(specialistAssignments.endedAt))
    .all()
    .map((a) => ({
      id: a.id,
      territoryId: a.territoryId,
      technologyId: a.technologyId,
      role: a.role,
      ...toSpan(a),
    }));
}

/** The first issue or revocation after `now` of a certification qualifying for an active seat. */
function referenceChangesAt(now: Date) {
  const seats = t.db.select().from(specialistAssignments).where(isNull(specialistAssignments.endedAt)).all();
  const certs = t.db
    .select({
      userId: certifications.userId,
      technologyId: certificationPrograms.technologyId,
      level: certificationPrograms.level,
      issuedAt: certifications.issuedAt,
      revokedAt: certifications.revokedAt,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .all();
  let first = Infinity;
  for (const seat of seats)
    for (const c of certs)
      if (
        c.userId === seat.userId &&
        c.technologyId === seat.technologyId &&
        (c.level === seat.role || c.level === "lead")
      )
        for (const at of [c.issuedAt, c.revokedAt])
          if (at && at.getTime() > now.getTime()) first = Math.min(first, at.getTime());
  return first;
}

const order = (a: { territoryId: number; technologyId: number; role: string; validUntil: Date | null }) =>
  `${a.territoryId}:${a.technologyId}:${a.role}:${a.validUntil?.getTime() ?? ""}`;

describe("coverage heatmap as one aggregate (issue #19)", () => {
  it("gives every assignment the same span as the correlated-subquery rules, at every now", () => {
    for (const now of NOWS) {
      const all = getCoverage(t.db, {}, now);
      const got = cellAssignments(
        t.db,
        all.territories.map((x) => x.id),
        all.technologies.map((x) => x.id),
        now,
      );
      const expected = referenceSpans(now);
      assert.ok(expected.length > 0);
      assert.deepEqual(
        got.assignments.sort((a, b) => order(a).localeCompare(order(b))),
        expected.sort((a, b) => order(a).localeCompare(order(b))),
        now.toISOString(),
      );
      assert.equal(got.changesAt, referenceChangesAt(now), now.toISOString());
    }
  });

  it("classifies every cell and counts exactly as before, at every now", () => {
    const seen = new Set<string>();
    for (const now of NOWS) {
      const coverage = getCoverage(t.db, {}, now);
      const byCell = new Map<string, CellAssignment[]>();
      for (const { territoryId, technologyId, role, validUntil, lapsesAt } of referenceSpans(now))
        byCell.set(`${territoryId}:${technologyId}`, [
          ...(byCell.get(`${territoryId}:${technologyId}`) ?? []),
          { role, validUntil, lapsesAt },
        ]);
      const counts: Record<CellSummary["status"], number> = {
        covered: 0,
        "at-risk": 0,
        "in-grace": 0,
        lapsed: 0,
        vacant: 0,
      };
      for (const territory of coverage.territories)
        for (const tech of coverage.technologies) {
          const key = `${territory.id}:${tech.id}`;
          const expected = classifyCell(
            byCell.get(key) ?? [],
            { specialists: tech.targetSpecialists, leads: tech.targetLeads },
            now,
          );
          assert.deepEqual(coverage.cells[key], expected, `${key} at ${now.toISOString()}`);
          counts[expected.status]++;
          seen.add(expected.status);
        }
      assert.deepEqual(coverage.counts, counts);
    }
    // The nows cover every status the heatmap can show.
    assert.deepEqual([...seen].sort(), ["at-risk", "covered", "in-grace", "lapsed", "vacant"]);
  });

  it("filters to a region and a business unit with the same cells", () => {
    const now = NOWS[3]!;
    const all = getCoverage(t.db, {}, now);
    const region = all.territories[0]!.region;
    const some = getCoverage(t.db, { region }, now);
    assert.ok(some.territories.every((x) => x.region === region));
    for (const key of Object.keys(some.cells)) assert.deepEqual(some.cells[key], all.cells[key]);
  });
});

describe("people search in one statement (issue #19)", () => {
  it("pages in name order with the total, and a page past the end shows the last page", () => {
    const now = seededAt;
    const everyone = t.db.select({ id: users.id, name: users.name }).from(users).all();
    const sorted = everyone.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
    const first = listPeople(t.db, { page: 1 }, now);
    assert.equal(first.total, everyone.length);
    assert.deepEqual(
      first.people.map((p) => p.id),
      sorted.slice(0, PEOPLE_PAGE_SIZE).map((p) => p.id),
    );
    const last = listPeople(t.db, { page: 10_000 }, now);
    assert.equal(last.page, last.pageCount);
    assert.deepEqual(
      last.people.map((p) => p.id),
      sorted.slice((last.pageCount - 1) * PEOPLE_PAGE_SIZE).map((p) => p.id),
    );
    const none = listPeople(t.db, { q: "zzzqqq", page: 3 }, now);
    assert.deepEqual(
      { total: none.total, page: none.page, people: none.people },
      { total: 0, page: 1, people: [] },
    );
  });

  it("a search matches word starts in name or email and counts every match", () => {
    const someone = t.db
      .select({ name: users.name })
      .from(users)
      .where(eq(users.email, "admin@example.com"))
      .get()!;
    const first = someone.name.split(" ")[0]!;
    const found = listPeople(t.db, { q: first.slice(0, 3), page: 1 }, seededAt);
    assert.ok(found.total >= 1);
    assert.equal(found.total, found.people.length);
    assert.ok(found.people.some((p) => p.email === "admin@example.com"));
  });
});

describe("the admin overview reads coverage once (decision 083)", () => {
  it("counts assignments, cells, expiries and the forecast as the separate reads do, at every now", () => {
    type Listed = ReturnType<typeof listAssignmentsIn>[number];
    const seenListed = { lapsed: 0, inGrace: 0 };
    for (const now of NOWS) {
      const overview = getAdminOverview(t.db, now);
      const coverage = getCoverage(t.db, {}, now);
      const label = now.toISOString();
      assert.deepEqual(overview.assignments, countAssignments(t.db, now), label);
      assert.deepEqual(overview.cells, coverage.counts, label);
      assert.deepEqual(overview.gaps, coverage.gapsByTerritory.filter((g) => g.gaps > 0).slice(0, 5), label);
      assert.deepEqual(overview.forecast, getForecast(t.db, now), label);
      // The lists name the same assignments in the same order as listAssignmentsIn (ties in
      // its order may list either of two equal rows, so rows are matched by id).
      for (const [state, listed, key] of [
        ["lapsed", overview.lapsed, (a: Listed) => `${a.territory}|${a.technology}`],
        ["in-grace", overview.inGrace, (a: Listed) => `${a.lapsesAt?.getTime()}|${a.technology}`],
      ] as const) {
        const all = listAssignmentsIn(t.db, state, now, 10_000);
        assert.deepEqual(listed.map(key), all.slice(0, 8).map(key), `${state} at ${label}`);
        for (const row of listed) {
          const { graceDaysLeft: _left, ...fields } = { graceDaysLeft: null, ...row };
          assert.deepEqual(
            fields,
            all.find((a) => a.id === row.id),
            `${state} at ${label}`,
          );
        }
      }
      seenListed.lapsed += overview.lapsed.length;
      seenListed.inGrace += overview.inGrace.length;
      const active = t.db
        .select({ expiresAt: certifications.expiresAt })
        .from(certifications)
        .where(
          and(
            isNull(certifications.revokedAt),
            lte(certifications.issuedAt, now),
            gt(certifications.expiresAt, now),
          ),
        )
        .all();
      assert.equal(overview.activeCertifications, active.length, label);
      assert.deepEqual(
        overview.expiring,
        [30, 60, 90].map((days) => ({
          days,
          count: active.filter((c) => c.expiresAt.getTime() <= addDays(now, days).getTime()).length,
        })),
        label,
      );
    }
    assert.ok(seenListed.lapsed > 0 && seenListed.inGrace > 0, "the nows list both kinds");
  });
});

describe("the admin overview's people count", () => {
  it("counts enabled partner managers, and a disabled one drops out", () => {
    const reference = () =>
      t.db
        .select({ id: users.id })
        .from(users)
        .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "learner")))
        .where(isNull(users.disabledAt))
        .all().length;
    const before = getAdminOverview(t.db, seededAt).people;
    assert.equal(before, reference());
    const learner = t.db
      .select({ id: userRoles.userId })
      .from(userRoles)
      .where(eq(userRoles.role, "learner"))
      .get();
    assert.ok(learner);
    t.db.update(users).set({ disabledAt: seededAt }).where(eq(users.id, learner.id)).run();
    try {
      assert.equal(getAdminOverview(t.db, seededAt).people, before - 1);
      assert.equal(getAdminOverview(t.db, seededAt).people, reference());
    } finally {
      t.db.update(users).set({ disabledAt: null }).where(eq(users.id, learner.id)).run();
    }
  });

  it("counts renewals in their window for enabled holders only", () => {
    const cert = t.db
      .select({ userId: certifications.userId, expiresAt: certifications.expiresAt })
      .from(certifications)
      .where(isNull(certifications.revokedAt))
      .get();
    assert.ok(cert);
    const at = addDays(cert.expiresAt, -10);
    const before = getAdminOverview(t.db, at).renewals.inWindow;
    assert.ok(before > 0);
    t.db.update(users).set({ disabledAt: at }).where(eq(users.id, cert.userId)).run();
    try {
      assert.ok(getAdminOverview(t.db, at).renewals.inWindow < before);
    } finally {
      t.db.update(users).set({ disabledAt: null }).where(eq(users.id, cert.userId)).run();
    }
  });
});
