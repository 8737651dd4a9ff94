import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, like } from "drizzle-orm";
import {
  auditEvents,
  certificationPrograms,
  certifications,
  learningPlans,
  notifications,
  outbox,
  specialistAssignments,
  technologies,
  territories,
  users,
} from "#db/schema";
import { dueEnd } from "~/domain/plans";
import { addDays } from "~/domain/time";
import { revokeCertificationOf } from "~/models/certifications.server";
import { cancelPlan, changeDueDate, completePlan, nominate } from "~/models/plan-nominations.server";
import { resolveEmails } from "~/models/plan-nominees.server";
import { planNominationKey, queuePlanReminders } from "~/models/plan-reminders.server";
import { createPlanTemplate } from "~/models/plan-templates.server";
import { getPlan, listPlans, plansForCell, plansOfLearner } from "~/models/plans.server";
import { seedDemo } from "~/seed/demo.server";
import { isRefusal } from "~/utils/refusal";
import { createTestDb, type TestDb } from "../support/db";
import { attain, newLearner, STORAGE_SPECIALIST } from "../support/lifecycle";

const now = new Date("2026-12-01T08:00:00Z");
const origin = "https://academy.example.com";
let t: TestDb;
let adminId = 0;
let programId = 0;
let technologyId = 0;
let territoryId = 0;

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
  adminId = t.db.select().from(users).where(eq(users.email, "admin@example.com")).get()?.id ?? 0;
  const storage = t.db.select().from(technologies).where(eq(technologies.slug, "storage")).get();
  technologyId = storage?.id ?? 0;
  programId =
    t.db
      .select()
      .from(certificationPrograms)
      .where(
        and(
          eq(certificationPrograms.technologyId, technologyId),
          eq(certificationPrograms.level, "specialist"),
        ),
      )
      .get()?.id ?? 0;
  territoryId = t.db.select().from(territories).get()?.id ?? 0;
});
after(() => t.close());

const day = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

describe("nominating", () => {
  it("a template nominates many people at once: plans, audit rows and one message each", () => {
    const a = newLearner(t.db, now, "Nora Nominee");
    const b = newLearner(t.db, now, "Ned Nominee");
    const templateId = createPlanTemplate(
      t.db,
      { programId, name: "New storage specialist", durationWeeks: 6, note: "Welcome aboard" },
      adminId,
      now,
    );
    const result = nominate(
      t.db,
      {
        userIds: [a.id, b.id],
        programId: null,
        targetTerritoryId: territoryId,
        dueOn: null,
        note: "",
        templateId,
      },
      adminId,
      origin,
      now,
    );
    assert.equal(result.created.length, 2);
    const plan = getPlan(t.db, result.created[0]?.planId ?? 0, now);
    assert.ok(plan);
    assert.equal(plan.dueOn.toISOString(), day(addDays(now, 42)).toISOString(), "six weeks");
    assert.equal(plan.note, "Welcome aboard");
    assert.equal(plan.standing.state, "on-track");
    const audit = t.db.select().from(auditEvents).where(eq(auditEvents.action, "plan.nominated")).all();
    assert.ok(audit.some((e) => e.subjectUserId === a.id && e.entityId === plan.id));
    const message = t.db
      .select()
      .from(outbox)
      .where(eq(outbox.dedupeKey, planNominationKey(plan.id)))
      .get();
    assert.ok(message, "the nomination is in the outbox");
    assert.match(message.subject, /nominated for Storage Specialist/);
    assert.equal(message.recipient, a.email);

    // The same people again: refused per person, nothing duplicated.
    const again = nominate(
      t.db,
      {
        userIds: [a.id],
        programId,
        targetTerritoryId: null,
        dueOn: addDays(day(now), 30),
        note: "",
        templateId: null,
      },
      adminId,
      origin,
      now,
    );
    assert.equal(again.created.length, 0);
    assert.match(again.skipped[0]?.reason ?? "", /already has an open plan/);
  });

  it("skips people already certified, and reads people from pasted emails or a CSV", () => {
    const certified = newLearner(t.db, now, "Cora Certified");
    attain(t.db, certified.id, STORAGE_SPECIALIST, addDays(now, -10));
    const fresh = newLearner(t.db, now, "Fred Fresh");
    const csv = `name,email\n"Cora Certified",${certified.email.toUpperCase()}\nFred Fresh;${fresh.email}\nx,nobody@example.com`;
    const { userIds, unknown } = resolveEmails(t.db, csv);
    assert.deepEqual(userIds.sort(), [certified.id, fresh.id].sort());
    assert.deepEqual(unknown, ["nobody@example.com"]);
    const result = nominate(
      t.db,
      {
        userIds,
        programId,
        targetTerritoryId: null,
        dueOn: addDays(day(now), 30),
        note: "",
        templateId: null,
      },
      adminId,
      origin,
      now,
    );
    assert.deepEqual(
      result.created.map((c) => c.userId),
      [fresh.id],
    );
    assert.match(result.skipped[0]?.reason ?? "", /already certified/);
  });

  it("refuses a due date in the past and an empty choice, with the field", () => {
    const a = newLearner(t.db, now);
    const attempt = (dueOn: Date | null, userIds: number[]) => {
      try {
        nominate(
          t.db,
          { userIds, programId, targetTerritoryId: null, dueOn, note: "", templateId: null },
          adminId,
          origin,
          now,
        );
        return "created";
      } catch (error) {
        assert.ok(isRefusal(error));
        return error.field;
      }
    };
    assert.equal(attempt(addDays(day(now), -1), [a.id]), "dueOn");
    assert.equal(attempt(addDays(day(now), 10), []), "userIds");
    assert.equal(attempt(day(now), [a.id]), "created", "due today is fine");
  });
});

describe("a plan followed to its seat", () => {
  it("progresses with attainments, goes overdue, completes with the certification and offers the gated seat", async () => {
    const p = newLearner(t.db, now, "Paula Plan");
    const dueOn = addDays(day(now), 20);
    const { created } = nominate(
      t.db,
      {
        userIds: [p.id],
        programId,
        targetTerritoryId: territoryId,
        dueOn,
        note: "Benelux",
        templateId: null,
      },
      adminId,
      origin,
      now,
    );
    const planId = created[0]?.planId ?? 0;
    const start = getPlan(t.db, planId, now);
    assert.ok(start);
    assert.deepEqual(start.competencies, { required: 4, held: 0, remaining: 4 });
    assert.equal(start.minutes.done, 0);
    assert.ok(start.minutes.total > 0);

    // Two competencies, one of them taught by a module: minutes and competencies move.
    const later = addDays(now, 2);
    attain(t.db, p.id, ["storage-product", "storage-economics"], addDays(now, 1));
    const mid = getPlan(t.db, planId, later);
    assert.ok(mid);
    assert.equal(mid.competencies.held, 2);
    assert.ok(mid.minutes.done > 0 && mid.minutes.remaining < start.minutes.remaining);
    assert.equal(plansOfLearner(t.db, p.id, later)[0]?.id, planId, "on the learner's dashboard");
    assert.ok(
      plansForCell(t.db, territoryId, technologyId, later).some((x) => x.id === planId),
      "on the cell",
    );

    // Reminders: 14 days before, then overdue to the nominee and the nominating admin; each once.
    const fourteen = addDays(dueEnd(dueOn), -14);
    assert.ok((await queuePlanReminders(t.db, fourteen, origin)) >= 1);
    assert.equal(await queuePlanReminders(t.db, addDays(fourteen, 0.1), origin), 0, "once");
    const overdue = dueEnd(dueOn);
    assert.equal(getPlan(t.db, planId, overdue)?.standing.state, "overdue");
    assert.equal(
      listPlans(t.db, { programId, state: "overdue" }, overdue).plans.some((x) => x.id === planId),
      true,
    );
    await queuePlanReminders(t.db, overdue, origin);
    const keys = t.db
      .select({ key: outbox.dedupeKey, userId: outbox.userId })
      .from(outbox)
      .where(like(outbox.dedupeKey, `plan-reminder:${planId}:%`))
      .all();
    assert.deepEqual(
      keys.map((k) => k.key.split(":")[3]).sort(),
      ["14", "overdue", "overdue"],
      "14-day reminder, then overdue to two people",
    );
    assert.ok(keys.some((k) => k.userId === adminId));
    assert.ok(t.db.select().from(notifications).where(eq(notifications.userId, p.id)).all().length >= 3);

    // Not complete yet: the outcome is refused.
    assert.throws(() => completePlan(t.db, planId, "assign", adminId, overdue), /has not earned/);

    // The rest: the certification is issued, the plan is complete and the seat can be taken.
    const certifiedAt = addDays(overdue, 1);
    attain(t.db, p.id, ["storage-business-model", "storage-sales-lifecycle"], certifiedAt);
    assert.equal(getPlan(t.db, planId, addDays(certifiedAt, 0.01))?.standing.state, "completed");

    // Revoked: no longer complete, and the gate would refuse the seat.
    const cert = t.db.select().from(certifications).where(eq(certifications.userId, p.id)).get();
    assert.ok(cert);
    const afterRevoke = addDays(certifiedAt, 0.5);
    revokeCertificationOf(t.db, p.id, cert.id, adminId, "test", afterRevoke);
    assert.equal(getPlan(t.db, planId, addDays(afterRevoke, 0.01))?.standing.state, "overdue");
  });

  it("completing assigns the target seat through the gate and records the outcome", () => {
    const q = newLearner(t.db, now, "Quinn Complete");
    const { created } = nominate(
      t.db,
      {
        userIds: [q.id],
        programId,
        targetTerritoryId: territoryId,
        dueOn: addDays(day(now), 30),
        note: "",
        templateId: null,
      },
      adminId,
      origin,
      now,
    );
    const planId = created[0]?.planId ?? 0;
    attain(t.db, q.id, STORAGE_SPECIALIST, addDays(now, 3));
    const at = addDays(now, 4);
    const { assignmentId } = completePlan(t.db, planId, "assign", adminId, at);
    assert.ok(assignmentId);
    const seat = t.db
      .select()
      .from(specialistAssignments)
      .where(eq(specialistAssignments.id, assignmentId))
      .get();
    assert.equal(seat?.userId, q.id);
    assert.equal(seat?.territoryId, territoryId);
    const row = t.db.select().from(learningPlans).where(eq(learningPlans.id, planId)).get();
    assert.equal(row?.outcome, "assigned");
    assert.throws(() => completePlan(t.db, planId, "close", adminId, at), /already closed/);
  });

  it("moving the due date and cancelling are audited", () => {
    const r = newLearner(t.db, now);
    const { created } = nominate(
      t.db,
      {
        userIds: [r.id],
        programId,
        targetTerritoryId: null,
        dueOn: addDays(day(now), 30),
        note: "",
        templateId: null,
      },
      adminId,
      origin,
      now,
    );
    const planId = created[0]?.planId ?? 0;
    changeDueDate(t.db, planId, addDays(day(now), 60), "holidays", adminId, now);
    cancelPlan(t.db, planId, "left the company", adminId, now);
    const events = t.db.select().from(auditEvents).where(eq(auditEvents.entityId, planId)).all();
    const mine = events.filter((e) => e.entityType === "plan").map((e) => [e.action, e.reason]);
    assert.deepEqual(mine, [
      ["plan.nominated", null],
      ["plan.due-changed", "holidays"],
      ["plan.cancelled", "left the company"],
    ]);
    assert.throws(() => changeDueDate(t.db, planId, addDays(day(now), 90), "", adminId, now), /cancelled/);
    assert.equal(getPlan(t.db, planId, now)?.standing.state, "cancelled");
  });
});
