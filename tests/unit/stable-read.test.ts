import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, isNull } from "drizzle-orm";
import { openDatabase } from "#db/client.server";
import {
  certificationPrograms,
  certifications,
  specialistAssignments,
  technologies,
  users,
} from "#db/schema";
import { nextStateChange } from "~/domain/coverage";
import { addDays, DAY_MS } from "~/domain/time";
import { getAdminOverview } from "~/models/admin-overview.server";
import { forgetStableReads, stableRead } from "~/models/stable-read.server";
import { seedDemo } from "~/seed/demo.server";
import { createTestDb, type TestDb } from "../support/db";

const seededAt = new Date("2026-11-27T10:00:00Z");
let t: TestDb;

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, seededAt, "tests/fixtures/content");
});
after(() => t.close());

/** The overview as a read with nothing reused gives it. */
function fresh(now: Date) {
  forgetStableReads(t.db);
  const overview = getAdminOverview(t.db, now);
  forgetStableReads(t.db);
  return overview;
}

describe("nextStateChange", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  it("is the first of: 30 days before cover ends, the end of cover, the end of grace", () => {
    const validUntil = addDays(now, 40);
    const lapsesAt = addDays(now, 70);
    assert.equal(nextStateChange([{ validUntil, lapsesAt }], now), addDays(now, 10).getTime());
    assert.equal(nextStateChange([{ validUntil, lapsesAt }], addDays(now, 10)), validUntil.getTime());
    assert.equal(nextStateChange([{ validUntil, lapsesAt }], validUntil), lapsesAt.getTime());
    assert.equal(nextStateChange([{ validUntil, lapsesAt }], lapsesAt), Infinity);
  });
  it("takes the earliest over every span, and ignores missing dates", () => {
    const spans = [
      { validUntil: null, lapsesAt: null },
      { validUntil: addDays(now, 100), lapsesAt: addDays(now, 130) },
      { validUntil: addDays(now, -5), lapsesAt: addDays(now, 25) },
    ];
    assert.equal(nextStateChange(spans, now), addDays(now, 25).getTime());
    assert.equal(nextStateChange([], now), Infinity);
  });
});

describe("stableRead", () => {
  const now = new Date("2026-12-01T00:00:00Z");
  it("reuses an answer until its instant, and never for an earlier now", () => {
    forgetStableReads(t.db);
    let reads = 0;
    const read = (at: Date) =>
      stableRead(t.db, "test.clock", at, () => ({ value: ++reads, until: addDays(now, 1).getTime() }));
    assert.equal(read(now), 1);
    assert.equal(read(addDays(now, 0.5)), 1);
    assert.equal(read(new Date(addDays(now, 1).getTime() - 1)), 1);
    assert.equal(read(addDays(now, 1)), 2, "recomputed at the instant");
    assert.equal(read(now), 3, "an earlier now is never answered from a later read");
  });
  it("recomputes after a write to a table such reads use, not after other writes", () => {
    forgetStableReads(t.db);
    let reads = 0;
    const read = () => stableRead(t.db, "test.writes", now, () => ({ value: ++reads, until: Infinity }));
    assert.equal(read(), 1);
    const person = t.db.select().from(users).get();
    assert.ok(person);
    // A sign-in or a renamed account is not something coverage reads.
    t.db
      .update(users)
      .set({ lastSignInAt: now, name: `${person.name} ` })
      .where(eq(users.id, person.id))
      .run();
    assert.equal(read(), 1);
    t.db.update(users).set({ disabledAt: now }).where(eq(users.id, person.id)).run();
    assert.equal(read(), 2);
    t.db.update(users).set({ disabledAt: null, name: person.name }).where(eq(users.id, person.id)).run();
    assert.equal(read(), 3);
    const program = t.db.select().from(certificationPrograms).get();
    assert.ok(program);
    t.db
      .update(certificationPrograms)
      .set({ graceDays: program.graceDays })
      .where(eq(certificationPrograms.id, program.id))
      .run();
    assert.equal(read(), 4);
  });
});

describe("stableRead inside a transaction", () => {
  it("never keeps an answer read inside a transaction: a rollback would take its counter back", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    const tech = t.db.select().from(technologies).get();
    assert.ok(tech);
    const targets = () =>
      stableRead(t.db, "test.transaction", now, () => ({
        value: t.db.select().from(technologies).where(eq(technologies.id, tech.id)).get()?.targetSpecialists,
        until: Infinity,
      }));
    forgetStableReads(t.db);
    assert.equal(targets(), tech.targetSpecialists);
    assert.throws(() =>
      t.db.transaction((tx) => {
        tx.update(technologies).set({ targetSpecialists: 90 }).where(eq(technologies.id, tech.id)).run();
        assert.equal(targets(), 90, "inside the transaction, its own write");
        throw new Error("rolled back");
      }),
    );
    // One committed write moves the counter to the value the rolled-back one had reached.
    t.db.update(technologies).set({ targetSpecialists: 91 }).where(eq(technologies.id, tech.id)).run();
    try {
      assert.equal(targets(), 91);
    } finally {
      t.db
        .update(technologies)
        .set({ targetSpecialists: tech.targetSpecialists })
        .where(eq(technologies.id, tech.id))
        .run();
    }
  });
});

describe("the admin overview, reused while provably unchanged (decision 084)", () => {
  it("equals a fresh read at every instant a date of the organisation is crossed", () => {
    const certs = t.db.select().from(certifications).all();
    const windows = t.db.select().from(certificationPrograms).all();
    const offsets = [0, -30, -60, -90, ...windows.flatMap((p) => [-p.renewalWindowDays, p.graceDays])];
    const instants = new Set<number>();
    for (const c of certs) {
      instants.add(c.issuedAt.getTime());
      if (c.revokedAt) instants.add(c.revokedAt.getTime());
      for (const days of offsets) instants.add(c.expiresAt.getTime() + days * DAY_MS);
    }
    for (let month = 0; month < 30; month++) instants.add(Date.UTC(2026, 9 + month, 1));
    const sorted = [...instants].sort((a, b) => a - b);
    assert.ok(sorted.length > 100);
    forgetStableReads(t.db);
    for (const at of sorted)
      for (const now of [new Date(at - 1), new Date(at), new Date(at + 1)]) {
        const got = getAdminOverview(t.db, now);
        const expected = fresh(now);
        assert.deepEqual(got, expected, now.toISOString());
        // Warm the reads again, as the next call would find them.
        getAdminOverview(t.db, now);
      }
  });

  it("sees every kind of write at once, on this connection and from another one", () => {
    const now = addDays(seededAt, 1);
    const first = getAdminOverview(t.db, now);
    assert.deepEqual(getAdminOverview(t.db, now), first);

    // A revoked certification.
    const cert = t.db.select().from(certifications).where(isNull(certifications.revokedAt)).get();
    assert.ok(cert);
    t.db.update(certifications).set({ revokedAt: now }).where(eq(certifications.id, cert.id)).run();
    const afterRevoke = getAdminOverview(t.db, now);
    assert.equal(afterRevoke.activeCertifications, first.activeCertifications - 1);
    assert.deepEqual(afterRevoke, fresh(now));

    // An ended assignment.
    const seat = t.db.select().from(specialistAssignments).where(isNull(specialistAssignments.endedAt)).get();
    assert.ok(seat);
    t.db
      .update(specialistAssignments)
      .set({ endedAt: now })
      .where(eq(specialistAssignments.id, seat.id))
      .run();
    const afterEnd = getAdminOverview(t.db, now);
    assert.equal(afterEnd.assignments.active, first.assignments.active - 1);
    assert.deepEqual(afterEnd, fresh(now));

    // A technology's targets.
    const tech = t.db.select().from(technologies).get();
    assert.ok(tech, "a technology");
    t.db
      .update(technologies)
      .set({ targetSpecialists: tech.targetSpecialists + 5 })
      .where(eq(technologies.id, tech.id))
      .run();
    const afterTarget = getAdminOverview(t.db, now);
    assert.notDeepEqual(afterTarget.cells, afterEnd.cells);
    assert.deepEqual(afterTarget, fresh(now));

    // A write from another connection (another server worker, the CLI): a disabled holder.
    const holder = t.db
      .select({ userId: certifications.userId, expiresAt: certifications.expiresAt })
      .from(certifications)
      .where(isNull(certifications.revokedAt))
      .all()
      .find((c) => c.userId !== cert.userId && c.expiresAt > now);
    assert.ok(holder, "another holder of an active certification");
    const other = openDatabase(t.file);
    try {
      other.update(users).set({ disabledAt: now }).where(eq(users.id, holder.userId)).run();
      other
        .update(certifications)
        .set({ revokedAt: now })
        .where(and(eq(certifications.userId, holder.userId), isNull(certifications.revokedAt)))
        .run();
    } finally {
      other.$client.close();
    }
    const afterOther = getAdminOverview(t.db, now);
    assert.ok(
      afterOther.activeCertifications < afterTarget.activeCertifications,
      `${afterOther.activeCertifications} < ${afterTarget.activeCertifications}`,
    );
    assert.deepEqual(afterOther, fresh(now));
  });
});
