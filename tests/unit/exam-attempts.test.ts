/**
 * Certification-grade attempts through the real models (DESIGN.md Rules 11–12): what the
 * page receives carries nothing that predicts the key, consecutive forms differ, results
 * follow the reveal policy, the time limit is the server's, and a revocation sticks.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, isNull } from "drizzle-orm";
import { writeTransaction } from "#db/client.server";
import {
  attemptQuestions,
  competencies,
  auditEvents,
  certificationBlocks,
  certificationPrograms,
  certifications,
  modules,
  moduleVersions,
  users,
} from "#db/schema";
import { prng } from "~/domain/exam-forms";
import { addDays } from "~/domain/time";
import { getAttemptResult } from "~/models/attempt-results.server";
import { getAttemptForm, startAttempt } from "~/models/attempts.server";
import { DEADLINE_GRACE_MS } from "~/models/attempt-items.server";
import { loadBank } from "~/models/question-bank.server";
import { saveAnswers, submitAttempt, closeExpiredAttempt } from "~/models/attempt-submission.server";
import { importAttainments } from "~/models/attainments.server";
import { liftBlock, listBlocksOf } from "~/models/certification-blocks.server";
import { revokeCertificationOf } from "~/models/certifications.server";
import { getLearnerOverview } from "~/models/overview.server";
import { createUser } from "~/models/users.server";
import { seedDemo } from "~/seed/demo.server";
import { Refusal } from "~/utils/refusal";
import { answerFields } from "../support/answers";
import { createTestDb, type TestDb } from "../support/db";

const now = new Date("2026-11-27T10:00:00Z");
let t: TestDb;
let adminId: number;
let n = 0;

function newLearner(): number {
  n += 1;
  return createUser(
    t.db,
    { email: `exam-${n}@example.com`, name: `Exam Learner ${n}`, roles: ["learner"] },
    null,
    now,
  );
}

function versionOf(slug: string) {
  const module = t.db.select().from(modules).where(eq(modules.slug, slug)).get();
  assert.ok(module?.publishedVersionId);
  return module.publishedVersionId;
}

function setVersion(slug: string, values: Partial<typeof moduleVersions.$inferInsert>) {
  t.db
    .update(moduleVersions)
    .set(values)
    .where(eq(moduleVersions.id, versionOf(slug)))
    .run();
}

/** Every text of a question's key: choices, accepted answers, matches, feedback, explanation. */
function keyTexts(slug: string): string[] {
  return loadBank(t.db, versionOf(slug)).flatMap((q) => [
    q.explanation,
    ...q.choices.flatMap((c) => [c.text, c.feedback, c.matchText ?? ""]),
  ]);
}

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
  adminId = t.db.select().from(users).where(eq(users.email, "admin@example.com")).get()?.id ?? -1;
});
after(() => t.close());

describe("what the assessment page receives", () => {
  it("places and texts only: no id, no key, the same shape whatever the answers", () => {
    const learner = newLearner();
    const attemptId = startAttempt(t.db, learner, "storage-sales-lifecycle", now, prng(3));
    const form = getAttemptForm(t.db, attemptId, learner, now);
    for (const q of form.questions) {
      assert.deepEqual(Object.keys(q).sort(), [
        "choices",
        "kind",
        "options",
        "position",
        "promptHtml",
        "saved",
      ]);
      for (const text of [...q.choices, ...q.options]) assert.equal(typeof text, "string");
    }
    assert.deepEqual(
      form.questions.map((q) => q.position),
      [1, 2, 3, 4, 5],
    );
    const json = JSON.stringify(form);
    for (const leak of [
      "isCorrect",
      "feedback",
      "explanation",
      "weight",
      "matchText",
      "questionId",
      "layout",
    ])
      assert.ok(!json.includes(leak), leak);
  });

  it("the right choice sits in every place equally often (chi-square, fixed seed)", () => {
    const random = prng(20261201);
    const learner = newLearner();
    const counts = new Map<number, number[]>();
    let at = now;
    for (let i = 0; i < 300; i++) {
      at = addDays(at, 0.4);
      const attemptId = startAttempt(t.db, learner, "storage-product", at, random);
      const fields = answerFields(t.db, attemptId, true);
      const form = getAttemptForm(t.db, attemptId, learner, at);
      for (const q of form.questions) {
        if (q.kind !== "single" && q.kind !== "truefalse") continue;
        const place = Number(fields.get(`q${q.position}`)?.[0]);
        const k = q.choices.length;
        const row = counts.get(k) ?? new Array<number>(k).fill(0);
        row[place - 1] = (row[place - 1] ?? 0) + 1;
        counts.set(k, row);
      }
      submitAttempt(t.db, attemptId, learner, fields, at);
    }
    // Critical values of chi-square at p = 0.001: 1 d.f. 10.83, 2 d.f. 13.82.
    const critical: Record<number, number> = { 2: 10.83, 3: 13.82 };
    for (const [k, row] of counts) {
      const total = row.reduce((a, b) => a + b, 0);
      const chi = row.reduce((sum, observed) => sum + (observed - total / k) ** 2 / (total / k), 0);
      assert.ok(total > 200, `${total} answers with ${k} choices`);
      assert.ok(chi < (critical[k] ?? 20), `${k} choices: ${row.join("/")} (chi² ${chi.toFixed(2)})`);
    }
  });

  it("what was saved comes back as places on the page, never as choice ids", () => {
    const learner = newLearner();
    const attemptId = startAttempt(t.db, learner, "storage-product", now, prng(5));
    const fields = answerFields(t.db, attemptId, true);
    saveAnswers(t.db, attemptId, learner, fields, now);
    const form = getAttemptForm(t.db, attemptId, learner, now);
    const saved = Object.fromEntries(form.questions.flatMap((q) => Object.entries(q.saved)));
    assert.deepEqual(saved, Object.fromEntries(fields));
  });
});

describe("forms drawn from the bank", () => {
  it("two consecutive attempts share no question when the bank holds two forms", () => {
    const learner = newLearner();
    let previous: number[] = [];
    for (let i = 0; i < 6; i++) {
      const at = addDays(now, i);
      const attemptId = startAttempt(t.db, learner, "storage-sales-lifecycle", at, prng(100 + i));
      const asked = t.db
        .select({ id: attemptQuestions.questionId })
        .from(attemptQuestions)
        .where(eq(attemptQuestions.attemptId, attemptId))
        .all()
        .map((r) => r.id);
      assert.equal(asked.length, 5);
      assert.deepEqual(
        asked.filter((id) => previous.includes(id)),
        [],
        `attempt ${i + 1}`,
      );
      previous = asked;
      submitAttempt(t.db, attemptId, learner, answerFields(t.db, attemptId, false), at);
    }
  });
});

describe("results and the reveal policy", () => {
  it("a failed attempt shows scores, misses and lessons, and no part of the key", () => {
    const learner = newLearner();
    const attemptId = startAttempt(t.db, learner, "storage-sales-lifecycle", now, prng(8));
    submitAttempt(t.db, attemptId, learner, answerFields(t.db, attemptId, false), now);
    const result = getAttemptResult(t.db, attemptId, learner);
    assert.equal(result.attempt.passed, false);
    assert.equal(result.reveal, false);
    assert.ok(result.questions.every((q) => q.key === null && q.verdict === "incorrect"));
    assert.deepEqual(
      result.competencies.map((c) => [c.name, c.scorePercent, c.questions]),
      [["Storage sales life-cycle", 0, 5]],
    );
    assert.ok(result.lessonsToRevisit.length > 0, "lessons named by the questions' categories");
    assert.ok(result.lessonsToRevisit.every((l) => ["Deal stages", "Renewal"].includes(l.title)));
    const prompts = [
      ...result.questions.map((q) => q.promptHtml),
      ...result.questions.map((q) => q.lesson?.title ?? ""),
      result.version.title,
    ].join(" ");
    const shown = JSON.stringify({
      ...result,
      questions: result.questions.map(({ promptHtml: _p, ...q }) => q),
    });
    for (const text of keyTexts("storage-sales-lifecycle")) {
      if (text.length < 3 || prompts.includes(text)) continue;
      assert.ok(!shown.includes(text), `the failed result shows “${text}”`);
    }
  });

  it("a passed attempt shows the key after a pass, and not when the module never reveals", () => {
    const learner = newLearner();
    const passed = startAttempt(t.db, learner, "storage-product", now, prng(9));
    submitAttempt(t.db, passed, learner, answerFields(t.db, passed, true), now);
    const shown = getAttemptResult(t.db, passed, learner);
    assert.equal(shown.reveal, true);
    assert.ok(shown.questions.every((q) => q.key !== null));
    const single = shown.questions.find((q) => q.kind === "single")?.key;
    assert.equal(single?.choices.filter((c) => c.isCorrect && c.chosen).length, 1);

    setVersion("storage-product", { revealPolicy: "never" });
    try {
      const other = newLearner();
      const attemptId = startAttempt(t.db, other, "storage-product", now, prng(10));
      submitAttempt(t.db, attemptId, other, answerFields(t.db, attemptId, true), now);
      const never = getAttemptResult(t.db, attemptId, other);
      assert.equal(never.attempt.passed, true);
      assert.equal(never.reveal, false);
      assert.ok(never.questions.every((q) => q.key === null));
    } finally {
      setVersion("storage-product", { revealPolicy: "after-pass" });
    }
  });
});

describe("the time limit (server side)", () => {
  const minutes = (m: number) => new Date(now.getTime() + m * 60_000);

  it("saved answers count; after the deadline the submission's own answers do not", () => {
    setVersion("storage-product", { timeLimitMinutes: 10 });
    try {
      const learner = newLearner();
      const attemptId = startAttempt(t.db, learner, "storage-product", now, prng(11));
      const form = getAttemptForm(t.db, attemptId, learner, now);
      assert.equal(form.attempt.deadlineAt?.getTime(), minutes(10).getTime());
      const right = answerFields(t.db, attemptId, true);
      const firstFour = new Map([...right].filter(([name]) => /^q[1-4](?:-|$)/.test(name)));
      saveAnswers(t.db, attemptId, learner, firstFour, minutes(9));
      assert.throws(
        () =>
          saveAnswers(
            t.db,
            attemptId,
            learner,
            right,
            new Date(minutes(10).getTime() + DEADLINE_GRACE_MS + 1),
          ),
        (error: unknown) => error instanceof Refusal && error.kind === "conflict",
      );
      const late = submitAttempt(t.db, attemptId, learner, right, minutes(15));
      assert.deepEqual(late, { outcome: "timed-out", passed: true });
      const result = getAttemptResult(t.db, attemptId, learner);
      assert.equal(result.attempt.timedOut, true);
      assert.equal(result.attempt.scorePercent, 80, "graded on the four answers saved in time");
      assert.equal(result.attempt.submittedAt.getTime(), minutes(10).getTime());
    } finally {
      setVersion("storage-product", { timeLimitMinutes: null });
    }
  });

  it("a submission within the grace period counts; an abandoned attempt is closed at its deadline", () => {
    setVersion("storage-product", { timeLimitMinutes: 10 });
    try {
      const learner = newLearner();
      const onTime = startAttempt(t.db, learner, "storage-product", now, prng(12));
      const graced = new Date(minutes(10).getTime() + DEADLINE_GRACE_MS - 1000);
      assert.deepEqual(submitAttempt(t.db, onTime, learner, answerFields(t.db, onTime, true), graced), {
        outcome: "graded",
        passed: true,
      });

      const other = newLearner();
      const abandoned = startAttempt(t.db, other, "storage-product", now, prng(13));
      assert.throws(() => closeExpiredAttempt(t.db, abandoned, other, minutes(5)), Refusal, "time left");
      assert.equal(getAttemptForm(t.db, abandoned, other, minutes(11)).attempt.timeUp, true);
      // Starting again closes it (graded on nothing saved: 0%) and shows its result first.
      assert.equal(startAttempt(t.db, other, "storage-product", minutes(11), prng(14)), abandoned);
      const result = getAttemptResult(t.db, abandoned, other);
      assert.deepEqual([result.attempt.timedOut, result.attempt.scorePercent], [true, 0]);
      assert.notEqual(startAttempt(t.db, other, "storage-product", minutes(12), prng(15)), abandoned);
    } finally {
      setVersion("storage-product", { timeLimitMinutes: null });
    }
  });
});

describe("revocation sticks (Rule 12)", () => {
  function certify(learner: number, at: Date) {
    for (const slug of ["storage-product", "storage-sales-lifecycle"]) {
      const attemptId = startAttempt(t.db, learner, slug, at, prng(at.getTime() % 1000));
      submitAttempt(t.db, attemptId, learner, answerFields(t.db, attemptId, true), at);
    }
  }
  function active(learner: number) {
    return t.db
      .select({ id: certifications.id, program: certificationPrograms.name })
      .from(certifications)
      .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
      .where(and(eq(certifications.userId, learner), isNull(certifications.revokedAt)))
      .all();
  }

  it("a revoked certification is not re-issued by passing again, until an admin lifts the block", () => {
    const learner = newLearner();
    // The fixture teaches product and sales life-cycle; the rest of the program is imported.
    writeTransaction(t.db, (tx) =>
      importAttainments(
        tx,
        ["storage-economics", "storage-business-model"].map((slug) => ({
          userId: learner,
          competencyId: t.db.select().from(competencies).where(eq(competencies.slug, slug)).get()?.id ?? -1,
          attainedAt: now,
          evidence: "test",
        })),
        null,
        now,
      ),
    );
    certify(learner, now);
    const [cert] = active(learner);
    assert.equal(cert?.program, "Storage Specialist");
    revokeCertificationOf(
      t.db,
      learner,
      cert?.id ?? -1,
      adminId,
      "Shared exam answers in a forum.",
      addDays(now, 1),
    );
    const [block] = listBlocksOf(t.db, learner);
    assert.deepEqual(
      [block?.program, block?.reason, block?.liftedAt],
      ["Storage Specialist", "Shared exam answers in a forum.", null],
    );

    certify(learner, addDays(now, 3));
    assert.deepEqual(active(learner), [], "passing again issues nothing while blocked");
    const overview = getLearnerOverview(t.db, learner, addDays(now, 3)).find((x) => x.slug === "storage");
    const specialist = overview?.programs.find((p) => p.level === "specialist");
    assert.equal(specialist?.blocked?.reason, "Shared exam answers in a forum.");
    assert.deepEqual(specialist?.path.modules, [], "the path says blocked instead of listing modules");
    assert.equal(overview?.programs.find((p) => p.level === "lead")?.blocked?.program, "Storage Specialist");

    assert.throws(
      () =>
        liftBlock(t.db, { blockId: block?.id ?? -1, holderId: learner, actorId: adminId, reason: "" }, now),
      (error: unknown) => error instanceof Refusal && error.field === "reason",
    );
    liftBlock(
      t.db,
      {
        blockId: block?.id ?? -1,
        holderId: learner,
        actorId: adminId,
        reason: "Appeal upheld by the board.",
      },
      addDays(now, 4),
    );
    assert.deepEqual(active(learner), [], "lifting issues nothing by itself");
    certify(learner, addDays(now, 5));
    assert.deepEqual(
      active(learner).map((c) => c.program),
      ["Storage Specialist"],
    );
    const audit = t.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, "certification.block-lifted"), eq(auditEvents.subjectUserId, learner)),
      )
      .get();
    assert.equal(audit?.reason, "Appeal upheld by the board.");
    assert.equal(
      t.db.select().from(certificationBlocks).where(eq(certificationBlocks.userId, learner)).get()
        ?.liftedById,
      adminId,
    );
  });
});
