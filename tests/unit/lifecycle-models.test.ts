import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, isNull, like } from "drizzle-orm";
import {
  certificationPrograms,
  certifications,
  outbox,
  specialistAssignments,
  technologies,
  territories,
  userRoles,
  users,
} from "#db/schema";
import { levelQualifiesFor } from "~/domain/certification";
import { assignmentState } from "~/domain/coverage";
import { assignmentSpan } from "~/domain/lifecycle";
import { addDays } from "~/domain/time";
import { assignToCell, countAssignments } from "~/models/assignments.server";
import { revokeCertificationOf } from "~/models/certifications.server";
import { digestKey, queueWeeklyDigest } from "~/models/digest.server";
import { updateProgramLifecycle } from "~/models/program-lifecycle.server";
import { assignmentSpanSql, toSpan } from "~/models/qualifying-certification.server";
import { certificationReminderKey, queueCertificationReminders } from "~/models/reminders.server";
import { seedDemo } from "~/seed/demo.server";
import { isRefusal } from "~/utils/refusal";
import { createTestDb, type TestDb } from "../support/db";
import { attain, newLearner, STORAGE_SPECIALIST } from "../support/lifecycle";

const now = new Date("2026-12-01T08:00:00Z");
const origin = "https://academy.example.com";
let t: TestDb;

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
});
after(() => t.close());

/** Every active assignment's state by the SQL fragment and by the domain functions. */
function bothWays(at: Date) {
  const span = assignmentSpanSql(at);
  const rows = t.db
    .select({
      userId: specialistAssignments.userId,
      technologyId: specialistAssignments.technologyId,
      role: specialistAssignments.role,
      validUntil: span.validUntil,
      lapsesAt: span.lapsesAt,
      state: span.state,
    })
    .from(specialistAssignments)
    .where(isNull(specialistAssignments.endedAt))
    .all();
  return rows.map((row) => {
    const certs = t.db
      .select({
        issuedAt: certifications.issuedAt,
        expiresAt: certifications.expiresAt,
        revokedAt: certifications.revokedAt,
        level: certificationPrograms.level,
      })
      .from(certifications)
      .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
      .where(
        and(eq(certifications.userId, row.userId), eq(certificationPrograms.technologyId, row.technologyId)),
      )
      .all()
      .filter((c) => levelQualifiesFor(c.level, row.role));
    const grace =
      t.db
        .select({ days: certificationPrograms.graceDays })
        .from(certificationPrograms)
        .where(
          and(
            eq(certificationPrograms.technologyId, row.technologyId),
            eq(certificationPrograms.level, row.role),
          ),
        )
        .get()?.days ?? 0;
    const domain = assignmentSpan(certs, grace, at);
    return {
      sql: { ...toSpan(row), state: row.state },
      domain: { ...domain, state: assignmentState(domain, at) },
    };
  });
}

describe("grace and lapse in SQL and in the domain (Rule 8)", () => {
  before(() => {
    // One technology without grace, beside the default 30 days.
    const printing = t.db.select().from(technologies).where(eq(technologies.slug, "printing")).get();
    const program = t.db
      .select()
      .from(certificationPrograms)
      .where(eq(certificationPrograms.technologyId, printing?.id ?? 0))
      .get();
    assert.ok(program);
    updateProgramLifecycle(
      t.db,
      program.id,
      { renewalWindowDays: 60, graceDays: 0, deltaDeadlineDays: 30 },
      1,
      now,
    );
  });

  it("agree on every assignment of the demo at moments across expiry, grace and lapse", () => {
    let compared = 0;
    const states = new Set<string>();
    for (const days of [0, 5, 12, 20, 25, 31, 45, 90, 200, 400]) {
      for (const { sql, domain } of bothWays(addDays(now, days))) {
        assert.deepEqual(sql, domain);
        states.add(sql.state);
        compared++;
      }
    }
    assert.ok(compared > 100);
    assert.deepEqual([...states].sort(), ["at-risk", "covered", "in-grace", "lapsed"]);
  });

  it("a revocation lapses an assignment at once, even one in grace", () => {
    const graceRow = t.db
      .select({ userId: specialistAssignments.userId, state: assignmentSpanSql(now).state })
      .from(specialistAssignments)
      .all()
      .find((r) => r.state === "in-grace");
    assert.ok(graceRow, "the demo has an assignment in grace");
    const cert = t.db.select().from(certifications).where(eq(certifications.userId, graceRow.userId)).get();
    assert.ok(cert);
    const before = countAssignments(t.db, now);
    revokeCertificationOf(t.db, graceRow.userId, cert.id, 1, "Test: found to be shared", now);
    const afterRevoke = countAssignments(t.db, addDays(now, 0.001));
    assert.equal(afterRevoke.inGrace, before.inGrace - 1);
    assert.equal(afterRevoke.lapsed, before.lapsed + 1);
    for (const { sql, domain } of bothWays(addDays(now, 0.001))) assert.deepEqual(sql, domain);
  });

  it("counts come from one query and add up", () => {
    const c = countAssignments(t.db, now);
    assert.equal(c.covered + c.atRisk + c.inGrace + c.lapsed, c.active);
  });

  it("lifecycle settings are checked and audited", () => {
    const program = t.db.select().from(certificationPrograms).get();
    assert.ok(program);
    assert.throws(
      () =>
        updateProgramLifecycle(
          t.db,
          program.id,
          { renewalWindowDays: 90, graceDays: -1, deltaDeadlineDays: 90 },
          1,
          now,
        ),
      (e: unknown) => isRefusal(e) && e.field === "graceDays",
    );
  });
});

describe("certification reminders on a simulated clock (Rule 15)", () => {
  it("90, 60, 30 and 7 days before, and at expiry: each once, whatever the number of runs", async () => {
    const person = newLearner(t.db, now, "Robin Reminder");
    const [cert] = attain(t.db, person.id, STORAGE_SPECIALIST, addDays(now, -300));
    assert.ok(cert);
    const start = addDays(cert.expiresAt, -120);
    for (let day = 0; day <= 160; day++) {
      const at = addDays(start, day);
      await queueCertificationReminders(t.db, at, origin);
      await queueCertificationReminders(t.db, addDays(at, 0.5), origin); // a second worker, later that day
    }
    const sent = t.db
      .select({ key: outbox.dedupeKey, subject: outbox.subject, text: outbox.textBody, at: outbox.createdAt })
      .from(outbox)
      .where(like(outbox.dedupeKey, `certification-reminder:${cert.id}:%`))
      .orderBy(outbox.id)
      .all();
    assert.deepEqual(
      sent.map((s) => s.key),
      [90, 60, 30, 7, 0].map((d) => certificationReminderKey(cert.id, d as 90 | 60 | 30 | 7 | 0)),
    );
    assert.match(sent[2]?.subject ?? "", /Storage Specialist certification expires in 30 days/);
    assert.match(sent[2]?.text ?? "", /Hello Robin Reminder,/);
    assert.match(sent[2]?.text ?? "", new RegExp(`${origin}/learn`));
    assert.match(sent[4]?.subject ?? "", /has expired/);
  });

  it("a renewal stops the old certification's reminders; a revoked one gets none", async () => {
    const person = newLearner(t.db, now, "Renee Renewer");
    const [old] = attain(t.db, person.id, STORAGE_SPECIALIST, addDays(now, -320));
    assert.ok(old);
    const inWindow = addDays(old.expiresAt, -40);
    await queueCertificationReminders(t.db, inWindow, origin);
    const [renewal] = attain(t.db, person.id, STORAGE_SPECIALIST, inWindow);
    assert.equal(renewal?.renews, old.credentialId, "issued as a renewal of the old credential");
    for (let day = 1; day <= 60; day++)
      await queueCertificationReminders(t.db, addDays(inWindow, day), origin);
    const keys = t.db
      .select({ key: outbox.dedupeKey })
      .from(outbox)
      .where(like(outbox.dedupeKey, `certification-reminder:${old.id}:%`))
      .all()
      .map((r) => r.key);
    assert.deepEqual(keys, [certificationReminderKey(old.id, 60)], "only the one before renewal");

    const revokedHolder = newLearner(t.db, now, "Rex Revoked");
    const [revoked] = attain(t.db, revokedHolder.id, STORAGE_SPECIALIST, addDays(now, -330));
    assert.ok(revoked);
    revokeCertificationOf(t.db, revokedHolder.id, revoked.id, 1, "Test", now);
    await queueCertificationReminders(t.db, addDays(revoked.expiresAt, -10), origin);
    assert.equal(
      t.db
        .select()
        .from(outbox)
        .where(like(outbox.dedupeKey, `certification-reminder:${revoked.id}:%`))
        .all().length,
      0,
    );
  });
});

describe("the admins' weekly digest", () => {
  it("goes to each admin once per ISO week, with lapsed, in grace and at risk", () => {
    const admins = t.db
      .select({ id: users.id })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "admin")))
      .all();
    assert.equal(queueWeeklyDigest(t.db, now, origin), admins.length);
    assert.equal(queueWeeklyDigest(t.db, addDays(now, 2), origin), 0, "same week");
    assert.equal(queueWeeklyDigest(t.db, addDays(now, 7), origin), admins.length, "next week");
    const [admin] = admins;
    assert.ok(admin);
    const digest = t.db
      .select()
      .from(outbox)
      .where(eq(outbox.dedupeKey, digestKey(admin.id, "2026-W49")))
      .get();
    assert.match(digest?.subject ?? "", /\d+ lapsed, \d+ in grace, \d+ at risk/);
    assert.match(digest?.textBody ?? "", /- Lapsed: /);
    assert.match(digest?.textBody ?? "", new RegExp(`${origin}/admin`));
  });
});

describe("gating during grace", () => {
  it("an expired certification in grace does not open a new seat", () => {
    const person = newLearner(t.db, now, "Gale Grace");
    attain(t.db, person.id, STORAGE_SPECIALIST, addDays(now, -375));
    const storage = t.db.select().from(technologies).where(eq(technologies.slug, "storage")).get();
    const territory = t.db.select().from(territories).get();
    assert.ok(storage && territory);
    assert.throws(
      () =>
        assignToCell(
          t.db,
          { userId: person.id, technologyId: storage.id, territoryId: territory.id, role: "specialist" },
          1,
          now,
        ),
      (e: unknown) => isRefusal(e),
    );
  });
});
