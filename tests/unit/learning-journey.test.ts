import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import {
  attemptQuestions,
  attempts,
  auditEvents,
  certifications,
  lessons,
  modules,
  moduleVersions,
  questions,
  users,
} from "#db/schema";
import { addDays } from "~/domain/time";
import { getAttemptResult } from "~/models/attempt-results.server";
import { getAttemptForm, startAttempt } from "~/models/attempts.server";
import { submitAttempt } from "~/models/attempt-submission.server";
import { prng } from "~/domain/exam-forms";
import { Refusal } from "~/utils/refusal";
import { answerFields } from "../support/answers";
import { ContentImportError, importContent } from "~/models/content-import.server";
import { getCatalog } from "~/models/catalog.server";
import { completeLesson, getModulePage } from "~/models/learning.server";
import { getLearnerOverview } from "~/models/overview.server";
import { createUser } from "~/models/users.server";
import { seedDemo } from "~/seed/demo.server";
import { readContentTree } from "~/utils/content-source.server";
import { createTestDb, type TestDb } from "../support/db";

const FIXTURE = "tests/fixtures/content";
const now = new Date("2026-11-27T10:00:00Z");
let t: TestDb;
let learnerId: number;
let otherId: number;

/** A copy of the fixture content to edit without touching the committed files. */
function fixtureCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "academy-content-"));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, FIXTURE);
  learnerId = t.db.select().from(users).where(eq(users.email, "learner@example.com")).get()?.id ?? -1;
  otherId = createUser(
    t.db,
    { email: "other@example.com", name: "Other Learner", roles: ["learner"] },
    null,
    now,
  );
});
after(() => t.close());

describe("content import", () => {
  it("the seed published the fixture modules", () => {
    const catalog = getCatalog(t.db, learnerId, { page: 1 }, now);
    assert.deepEqual(catalog.modules.map((m) => m.slug).sort(), [
      "storage-product",
      "storage-sales-lifecycle",
    ]);
    // The seed completed lesson 1 of 2 for the demo learner.
    const salesCycle = catalog.modules.find((m) => m.slug === "storage-sales-lifecycle");
    assert.deepEqual(salesCycle?.status, { state: "in-progress", percent: 50 });
    assert.deepEqual(
      getCatalog(t.db, otherId, { page: 1 }, now).modules.map((m) => m.status.state),
      ["not-started", "not-started"],
    );
  });

  it("is idempotent: unchanged modules are not republished", () => {
    const summary = importContent(t.db, readContentTree(FIXTURE).modules, {
      ownerId: null,
      actorId: null,
      now,
    });
    assert.deepEqual(summary.published, []);
    assert.equal(summary.unchanged.length, 2);
  });

  it("a changed module becomes a new version; a removed one is archived", () => {
    const dir = fixtureCopy();
    fs.appendFileSync(path.join(dir, "storage/product/01-tiers.md"), "\nA new paragraph.\n");
    fs.rmSync(path.join(dir, "storage/sales-lifecycle"), { recursive: true });
    const summary = importContent(t.db, readContentTree(dir).modules, { ownerId: null, actorId: null, now });
    assert.deepEqual(summary.published, [{ slug: "storage-product", versionNumber: 2 }]);
    assert.deepEqual(summary.archived, ["storage-sales-lifecycle"]);
    const versions = t.db
      .select({ n: moduleVersions.versionNumber })
      .from(moduleVersions)
      .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
      .where(eq(modules.slug, "storage-product"))
      .all();
    assert.deepEqual(versions.map((v) => v.n).sort(), [1, 2], "version 1 is kept, immutable");
    // Restore: importing the fixture again republishes the archived module.
    const back = importContent(t.db, readContentTree(FIXTURE).modules, { ownerId: null, actorId: null, now });
    assert.deepEqual(back.published.map((p) => p.slug).sort(), [
      "storage-product",
      "storage-sales-lifecycle",
    ]);
  });

  it("is all or nothing: one invalid module imports nothing", () => {
    const dir = fixtureCopy();
    fs.writeFileSync(
      path.join(dir, "storage/product/module.md"),
      "---\ntitle: Changed\ncompetencies: [storage-nonsense]\nminutes: 10\n---\n",
    );
    fs.appendFileSync(path.join(dir, "storage/sales-lifecycle/02-renewal.md"), "\nChanged too.\n");
    const before = t.db
      .select({ n: sql<number>`count(*)` })
      .from(moduleVersions)
      .get()?.n;
    assert.throws(
      () => importContent(t.db, readContentTree(dir).modules, { ownerId: null, actorId: null, now }),
      (error: unknown) => {
        assert.ok(error instanceof ContentImportError);
        assert.match(
          error.message,
          /content\/storage\/product\/module.md:1: unknown competency slug "storage-nonsense"/,
        );
        return true;
      },
    );
    assert.equal(
      t.db
        .select({ n: sql<number>`count(*)` })
        .from(moduleVersions)
        .get()?.n,
      before,
    );
  });

  it("refuses a certification module whose bank is too small, pointing at the category", () => {
    const dir = fixtureCopy();
    const file = path.join(dir, "storage/sales-lifecycle/assessment.gift");
    const gift = fs.readFileSync(file, "utf8");
    // Drop the last question of the bank: the 02-renewal category falls to 4 of the 5 it needs.
    fs.writeFileSync(file, gift.slice(0, gift.lastIndexOf("::Renewal owner::")));
    assert.throws(
      () => importContent(t.db, readContentTree(dir).modules, { ownerId: null, actorId: null, now }),
      (error: unknown) => {
        assert.ok(error instanceof ContentImportError);
        assert.match(
          error.message,
          /storage\/sales-lifecycle\/assessment\.gift:\d+: The question bank holds 9 questions/,
        );
        return true;
      },
    );
  });

  it("reports invalid files with file and line", () => {
    const dir = fixtureCopy();
    fs.writeFileSync(path.join(dir, "storage/product/01-tiers.md"), "No title here\n");
    fs.writeFileSync(
      path.join(dir, "storage/product/assessment.gift"),
      "::A:: fine {=a ~b}\n\n::B:: bad {=a: ~b}\n",
    );
    fs.writeFileSync(
      path.join(dir, "storage/sales-lifecycle/module.md"),
      "---\ntitle: x\nminutes: lots\ncompetencies: [storage-sales-lifecycle]\n---\n",
    );
    const problems = readContentTree(dir).problems.map((p) => `${path.basename(p.file)}:${p.line}`);
    assert.deepEqual(problems.sort(), ["01-tiers.md:1", "assessment.gift:3", "module.md:3"]);
  });

  it("stores lesson HTML sanitised", () => {
    const lesson = t.db.select().from(lessons).where(eq(lessons.title, "Deal stages")).get();
    assert.ok(lesson);
    for (const bad of ["<script", "onerror=", 'href="javascript:', "<iframe", "<form", '<img src="x" on'])
      assert.ok(!lesson.bodyHtml.includes(bad), bad);
    const q = t.db.select().from(questions).where(eq(questions.title, "Script")).get();
    assert.ok(q && !q.promptHtml.includes("<script"));
  });
});

describe("the learner journey", () => {
  let firstAttempt: number;

  it("the dashboard shows the path to Storage Specialist", () => {
    const storage = getLearnerOverview(t.db, learnerId, now).find((x) => x.slug === "storage");
    const specialist = storage?.programs.find((p) => p.level === "specialist");
    assert.deepEqual(specialist?.path.modules.map((m) => m.slug).sort(), [
      "storage-product",
      "storage-sales-lifecycle",
    ]);
  });

  it("progress pins the version the learner started", () => {
    completeLesson(t.db, learnerId, "storage-product", 1, now);
    const before = getModulePage(t.db, learnerId, "storage-product");
    const dir = fixtureCopy();
    fs.appendFileSync(path.join(dir, "storage/product/01-tiers.md"), "\nVersion three.\n");
    importContent(t.db, readContentTree(dir).modules, { ownerId: null, actorId: null, now });
    const after = getModulePage(t.db, learnerId, "storage-product");
    assert.equal(after?.version.id, before?.version.id, "still on the version they started");
    assert.equal(after?.newerVersionPublished, true);
    const stranger = getModulePage(t.db, otherId, "storage-product");
    assert.notEqual(stranger?.version.id, before?.version.id, "a new learner gets the newest version");
  });

  it("the attempt form carries no answer key and no ids", () => {
    firstAttempt = startAttempt(t.db, learnerId, "storage-sales-lifecycle", now, prng(1));
    const form = getAttemptForm(t.db, firstAttempt, learnerId, now);
    assert.equal(form.questions.length, 5, "the form size, drawn from a bank of 10");
    const serialised = JSON.stringify(form.questions);
    for (const leak of [
      "isCorrect",
      "feedback",
      "explanation",
      "Right\\u003a",
      "Discovery comes before",
      '"id"',
    ]) {
      assert.ok(!serialised.includes(leak), `form data leaks ${leak}`);
    }
    assert.equal(
      startAttempt(t.db, learnerId, "storage-sales-lifecycle", now),
      firstAttempt,
      "an open attempt is resumed, not duplicated",
    );
  });

  it("another learner cannot see or submit the attempt", () => {
    const notFound = (error: unknown) => error instanceof Refusal && error.kind === "not-found";
    assert.throws(() => getAttemptForm(t.db, firstAttempt, otherId, now), notFound);
    assert.throws(() => submitAttempt(t.db, firstAttempt, otherId, new Map(), now), notFound);
  });

  it("tampered submissions are refused and change nothing", () => {
    const kinds = t.db
      .select({ position: attemptQuestions.position, kind: questions.kind })
      .from(attemptQuestions)
      .innerJoin(questions, eq(questions.id, attemptQuestions.questionId))
      .where(eq(attemptQuestions.attemptId, firstAttempt))
      .all();
    const choice = kinds.find((k) => k.kind === "single" || k.kind === "truefalse")?.position;
    assert.ok(choice, "the form has a single-answer question");
    for (const submission of [
      new Map([[`q${choice}`, ["9"]]]),
      new Map([["q99", ["1"]]]),
      new Map([[`q${choice}`, ["1", "2"]]]),
      new Map([[`q${choice}`, ["1", "1"]]]),
    ]) {
      assert.throws(
        () => submitAttempt(t.db, firstAttempt, learnerId, submission, now, { confirmIncomplete: true }),
        (error: unknown) => error instanceof Refusal && error.kind === "invalid",
      );
    }
    const attempt = t.db.select().from(attempts).where(eq(attempts.id, firstAttempt)).get();
    assert.equal(attempt?.submittedAt, null);
  });

  it("unanswered questions are saved and named before anything is graded", () => {
    const some = new Map(
      [...answerFields(t.db, firstAttempt, false)].filter(([name]) => /^q[12](?:-|$)/.test(name)),
    );
    const outcome = submitAttempt(t.db, firstAttempt, learnerId, some, now);
    assert.deepEqual(outcome, { outcome: "incomplete", unanswered: [3, 4, 5] });
    const form = getAttemptForm(t.db, firstAttempt, learnerId, now);
    assert.deepEqual(
      form.questions.map((q) => Object.keys(q.saved).length > 0),
      [true, true, false, false, false],
      "what was given is kept, as places on the page",
    );
  });

  it("failing records a score and attains nothing", () => {
    const result = submitAttempt(t.db, firstAttempt, learnerId, answerFields(t.db, firstAttempt, false), now);
    assert.deepEqual(result, { outcome: "graded", passed: false });
    const shown = getAttemptResult(t.db, firstAttempt, learnerId);
    assert.equal(shown.attempt.passed, false);
    assert.equal(shown.attained.length, 0);
  });

  it("submitting the same attempt twice records one result", () => {
    const again = submitAttempt(t.db, firstAttempt, learnerId, answerFields(t.db, firstAttempt, true), now);
    assert.equal(again.outcome, "already-submitted");
    const attempt = t.db.select().from(attempts).where(eq(attempts.id, firstAttempt)).get();
    assert.equal(attempt?.passed, false);
  });

  it("passing attains the competency and, completing the program, issues the certification in one go", () => {
    const productAttempt = startAttempt(t.db, learnerId, "storage-product", now);
    assert.deepEqual(
      submitAttempt(t.db, productAttempt, learnerId, answerFields(t.db, productAttempt, true), now),
      { outcome: "graded", passed: true },
    );
    const later = addDays(now, 0.01);
    const second = startAttempt(t.db, learnerId, "storage-sales-lifecycle", later);
    assert.deepEqual(submitAttempt(t.db, second, learnerId, answerFields(t.db, second, true), later), {
      outcome: "graded",
      passed: true,
    });
    const result = getAttemptResult(t.db, second, learnerId);
    assert.deepEqual(
      result?.attained.map((a) => a.name),
      ["Storage sales life-cycle"],
    );
    assert.deepEqual(
      result?.issued.map((c) => c.program),
      ["Storage Specialist"],
    );
    const cert = t.db
      .select()
      .from(certifications)
      .where(and(eq(certifications.userId, learnerId), eq(certifications.issuedAt, later)))
      .get();
    assert.ok(cert);
    const audit = t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "certification.issued"), eq(auditEvents.entityId, cert.id)))
      .get();
    assert.equal(audit?.actorId, learnerId);
  });

  it("the rolling 24-hour limit refuses a fourth attempt and says when", () => {
    const a = startAttempt(t.db, otherId, "storage-product", now);
    submitAttempt(t.db, a, otherId, answerFields(t.db, a, false), now);
    const b = startAttempt(t.db, otherId, "storage-product", addDays(now, 0.1));
    submitAttempt(t.db, b, otherId, answerFields(t.db, b, false), addDays(now, 0.1));
    const c = startAttempt(t.db, otherId, "storage-product", addDays(now, 0.2));
    submitAttempt(t.db, c, otherId, answerFields(t.db, c, false), addDays(now, 0.2));
    assert.throws(
      () => startAttempt(t.db, otherId, "storage-product", addDays(now, 0.5)),
      (error: unknown) =>
        error instanceof Refusal &&
        error.kind === "rate-limited" &&
        error.details?.nextAllowedAt === addDays(now, 1).toISOString(),
    );
    assert.ok(startAttempt(t.db, otherId, "storage-product", addDays(now, 1)));
  });
});
