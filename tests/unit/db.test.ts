import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq, sql } from "drizzle-orm";
import { writeTransaction } from "#db/client.server";
import { auditEvents, businessUnits, technologies, users } from "#db/schema";
import { recordAudit } from "~/models/audit.server";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
before(() => {
  t = createTestDb();
});
after(() => t.close());

describe("the database", () => {
  it("migrations create every table of the data model", () => {
    const tables = t.db.$client
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
      )
      .all()
      .map((r) => (r as { name: string }).name);
    for (const expected of [
      "attainments",
      "attempt_questions",
      "attempts",
      "audit_events",
      "business_units",
      "certification_blocks",
      "certification_programs",
      "certifications",
      "choices",
      "competencies",
      "enrollments",
      "invitations",
      "lesson_progress",
      "lessons",
      "module_version_competencies",
      "module_versions",
      "modules",
      "partner_technology_mix",
      "partners",
      "program_requirements",
      "questions",
      "regions",
      "sessions",
      "specialist_assignments",
      "technologies",
      "territories",
      "user_roles",
      "users",
    ]) {
      assert.ok(tables.includes(expected), `missing table ${expected}`);
    }
  });

  it("opens with WAL, foreign keys and a busy timeout", () => {
    assert.equal(t.db.$client.pragma("journal_mode", { simple: true }), "wal");
    assert.equal(t.db.$client.pragma("foreign_keys", { simple: true }), 1);
    assert.ok(Number(t.db.$client.pragma("busy_timeout", { simple: true })) > 0);
  });

  it("enforces foreign keys", () => {
    assert.throws(
      () => t.db.insert(technologies).values({ businessUnitId: 999, slug: "x", name: "X" }).run(),
      /FOREIGN KEY constraint failed/,
    );
  });

  it("a transaction that fails midway leaves no rows", () => {
    assert.throws(() =>
      writeTransaction(t.db, (tx) => {
        tx.insert(businessUnits).values({ slug: "bu", name: "Unit" }).run();
        tx.insert(businessUnits).values({ slug: "bu", name: "Duplicate slug" }).run();
      }),
    );
    assert.equal(
      t.db
        .select({ n: sql<number>`count(*)` })
        .from(businessUnits)
        .get()?.n,
      0,
    );
  });

  it("the audit log is append-only", () => {
    writeTransaction(t.db, (tx) =>
      recordAudit(tx, { at: new Date(), actorId: null, action: "user.created" }),
    );
    const row = t.db.select().from(auditEvents).get();
    assert.ok(row);
    assert.throws(
      () => t.db.update(auditEvents).set({ reason: "edited" }).where(eq(auditEvents.id, row.id)).run(),
      /append-only/,
    );
    assert.throws(() => t.db.delete(auditEvents).run(), /append-only/);
  });

  it("stores emails uniquely", () => {
    t.db.insert(users).values({ email: "a@example.com", name: "A" }).run();
    assert.throws(() => t.db.insert(users).values({ email: "a@example.com", name: "B" }).run(), /UNIQUE/);
  });
});
