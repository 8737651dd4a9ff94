/**
 * The probes of issue #11 at the model level: a coverage cell's actions are bound to the
 * cell, a CSV import writes only what was previewed and confirmed, and every lesson's
 * tables are keyboard-scrollable (published before the fix or after).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { count, eq, isNull } from "drizzle-orm";
import { auditEvents, lessons, specialistAssignments, technologies, territories, users } from "#db/schema";
import { assignToCell, endAssignmentInCell } from "~/models/assignments.server";
import { getLesson } from "~/models/learning.server";
import { importPeopleCsv, previewPeopleCsv, skippedRowsCsv } from "~/models/people-import.server";
import { seedDemo } from "~/seed/demo.server";
import { readContentTree } from "~/utils/content-source.server";
import { renderMarkdown, scrollableTables } from "~/utils/markdown.server";
import { Refusal } from "~/utils/refusal";
import { createTestDb, type TestDb } from "../support/db";

const now = new Date("2026-11-27T10:00:00Z");
let t: TestDb;
let adminId: number;

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
  adminId = t.db.select().from(users).where(eq(users.email, "admin@example.com")).get()?.id ?? -1;
});
after(() => t.close());

const refusal = (kind: Refusal["kind"], message?: RegExp) => (error: unknown) =>
  error instanceof Refusal && error.kind === kind && (!message || message.test(error.message));

describe("a coverage cell's actions", () => {
  const active = () =>
    t.db.select().from(specialistAssignments).where(isNull(specialistAssignments.endedAt)).all();

  it("'End assignment' only ends an assignment of the cell it is posted to", () => {
    const a = active()[0];
    const other = active().find(
      (x) => x.territoryId !== a?.territoryId || x.technologyId !== a?.technologyId,
    );
    assert.ok(a && other, "the demo has active assignments in two cells");
    const cellOfA = { territoryId: a.territoryId, technologyId: a.technologyId };
    assert.throws(
      () => endAssignmentInCell(t.db, { ...cellOfA, assignmentId: other.id }, adminId, "", now),
      refusal("not-found"),
    );
    assert.equal(
      t.db.select().from(specialistAssignments).where(eq(specialistAssignments.id, other.id)).get()?.endedAt,
      null,
      "the other cell's assignment is still active",
    );
    endAssignmentInCell(t.db, { ...cellOfA, assignmentId: a.id }, adminId, "moved on", now);
    assert.throws(
      () => endAssignmentInCell(t.db, { ...cellOfA, assignmentId: a.id }, adminId, "", now),
      refusal("conflict", /already ended/),
    );
  });

  it("assigning to an unknown territory or technology is 'not found', never a constraint error", () => {
    const person = active()[0];
    assert.ok(person);
    const technologyId = t.db.select().from(technologies).get()?.id ?? -1;
    const territoryId = t.db.select().from(territories).get()?.id ?? -1;
    for (const cell of [
      { territoryId: 999_999, technologyId },
      { territoryId, technologyId: 999_999 },
    ])
      assert.throws(
        () => assignToCell(t.db, { ...cell, userId: person.userId, role: "specialist" }, adminId, now),
        refusal("not-found", /No such territory or technology/),
      );
  });
});

describe("CSV import of people", () => {
  const csv = [
    "name,email,territory",
    "Ada Valid,ada.valid@example.com,",
    "Bad Email,not-an-email,",
    "Bo Valid,bo.valid@example.com,",
    "Dup,ada.valid@example.com,",
    "Lost,lost@example.com,Atlantis",
  ].join("\n");
  const people = () => t.db.select({ n: count() }).from(users).get()?.n ?? 0;
  const imports = () =>
    t.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "people.imported")).get()?.n ??
    0;

  it("writes nothing unless the admin confirmed this very text and the rows it skips", () => {
    const before = { people: people(), imports: imports() };
    const preview = previewPeopleCsv(t.db, csv);
    assert.equal(preview.rows.length, 2);
    assert.equal(preview.rowErrors.length, 3);
    for (const confirmation of [
      { digest: "", skip: 3 },
      { digest: previewPeopleCsv(t.db, csv + "\n").digest, skip: 3 },
      { digest: preview.digest, skip: 0 },
    ])
      assert.throws(() => importPeopleCsv(t.db, csv, confirmation, adminId, now), refusal("conflict"));
    assert.deepEqual({ people: people(), imports: imports() }, before);

    const done = importPeopleCsv(t.db, csv, { digest: preview.digest, skip: 3 }, adminId, now);
    assert.deepEqual(done, { created: 2, updated: 0, skipped: 3 });
    assert.equal(people(), before.people + 2);
    assert.equal(t.db.select().from(users).where(eq(users.email, "lost@example.com")).get(), undefined);
  });

  it("the skipped rows download as CSV that can be fixed and imported again", () => {
    const skipped = skippedRowsCsv(t.db, csv);
    const lines = skipped
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    assert.deepEqual(lines, [
      "name,email,territory,problem",
      "Bad Email,not-an-email,,not a valid email address",
      "Dup,ada.valid@example.com,,duplicate of line 2",
      "Lost,lost@example.com,Atlantis,unknown territory “Atlantis”",
    ]);
    const fixed = skipped.replace("not-an-email", "bad.email@example.com").replace(",Atlantis,", ",,");
    const again = previewPeopleCsv(t.db, fixed);
    assert.deepEqual(again.fileErrors, []);
    assert.deepEqual(
      again.rows.map((r) => r.email),
      ["bad.email@example.com", "ada.valid@example.com", "lost@example.com"],
    );
  });
});

describe("lesson tables", () => {
  it("every table of every shipped lesson is a labelled, focusable scroll region", () => {
    const { modules, problems } = readContentTree("content");
    assert.deepEqual(problems, []);
    let tables = 0;
    for (const module of modules)
      for (const lesson of module.lessons) {
        const html = renderMarkdown(lesson.bodyMarkdown);
        const bare = html.replace(
          /<div class="table-scroll" role="region" tabindex="0" aria-label="[^"]+"><table>/g,
          "",
        );
        assert.ok(!bare.includes("<table"), `${module.slug} / ${lesson.title}: a table is not wrapped`);
        const labels = [...html.matchAll(/aria-label="([^"]+)"/g)].map((m) => m[1]);
        assert.equal(new Set(labels).size, labels.length, `${module.slug} / ${lesson.title}: labels repeat`);
        tables += labels.length;
      }
    assert.ok(tables > 100, `the shipped lessons have many tables (${tables})`);
  });

  it("uses the caption as the label, and wraps HTML once", () => {
    const html = renderMarkdown("<table><caption>Deal margins</caption><tr><td>1</td></tr></table>");
    assert.match(html, /aria-label="Deal margins"/);
    assert.equal(scrollableTables(html), html);
  });

  it("a lesson published before the fix is wrapped when it is read", () => {
    const lesson = t.db
      .select({ id: lessons.id, html: lessons.bodyHtml })
      .from(lessons)
      .where(eq(lessons.position, 2))
      .all()
      .find((l) => l.html.includes("<table"));
    assert.ok(lesson, "a fixture lesson has a table");
    const legacy = lesson.html
      .replace(/<div class="table-scroll"[^>]*>/g, "")
      .replace(/<\/table><\/div>/g, "</table>");
    t.db.update(lessons).set({ bodyHtml: legacy }).where(eq(lessons.id, lesson.id)).run();
    const learner = t.db.select().from(users).where(eq(users.email, "learner@example.com")).get();
    const read = getLesson(t.db, learner?.id ?? -1, "storage-sales-lifecycle", 2);
    assert.ok(read, "the learner can read the lesson");
    assert.match(
      read.lesson.bodyHtml,
      /<div class="table-scroll" role="region" tabindex="0" aria-label="Table: /,
    );
  });
});
