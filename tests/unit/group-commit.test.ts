/**
 * Group commit of submissions (issue #19, decision 101): submissions arriving together are
 * written in one transaction, each all-or-nothing on its own; N concurrent submissions give
 * exactly N graded attempts; an acknowledged submission survives kill -9.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { observeWriteTransactions, openDatabase } from "#db/client.server";
import { groupCommit } from "#db/group-commit.server";
import { attainments, attemptQuestions, attempts, auditEvents } from "#db/schema";
import { prng } from "~/domain/exam-forms";
import { startAttempt } from "~/models/attempts.server";
import { submitAttemptTogether } from "~/models/attempt-submission.server";
import { createUser } from "~/models/users.server";
import { seedDemo } from "~/seed/demo.server";
import { Refusal } from "~/utils/refusal";
import { answerFields } from "../support/answers";
import { createTestDb, type TestDb } from "../support/db";

const now = new Date("2026-11-27T10:00:00Z");
let t: TestDb;
let n = 0;

function newAttempt(): { attemptId: number; userId: number } {
  n += 1;
  const userId = createUser(
    t.db,
    { email: `group-${n}@example.com`, name: `Group Learner ${n}`, roles: ["learner"] },
    null,
    now,
  );
  return { attemptId: startAttempt(t.db, userId, "storage-product", now, prng(n)), userId };
}

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
});
after(() => t.close());

describe("group commit", () => {
  it("writes work queued together in one transaction; a failing piece is rolled back alone", async () => {
    let transactions = 0;
    const stop = observeWriteTransactions(() => (transactions += 1));
    const write = (entityId: number, fail: boolean) =>
      groupCommit(t.db, (tx) => {
        tx.insert(auditEvents).values({ at: now, action: "group.test", entityType: "piece", entityId }).run();
        if (fail) throw new Error(`piece ${entityId} fails after writing`);
        return entityId;
      });
    const settled = await Promise.allSettled([write(1, false), write(2, true), write(3, false)]);
    stop();
    assert.equal(transactions, 1);
    assert.deepEqual(
      settled.map((s) => s.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    const written = t.db
      .select({ id: auditEvents.entityId })
      .from(auditEvents)
      .where(eq(auditEvents.action, "group.test"))
      .all()
      .map((r) => r.id);
    assert.deepEqual(written.sort(), [1, 3]);
  });

  it("N concurrent submissions give exactly N graded attempts, none twice; a refused one fails alone", async () => {
    const N = 40;
    const learners = Array.from({ length: N }, () => newAttempt());
    const stranger = newAttempt();
    let transactions = 0;
    const stop = observeWriteTransactions(() => (transactions += 1));
    const submit = (a: { attemptId: number; userId: number }, userId = a.userId) =>
      submitAttemptTogether(t.db, a.attemptId, userId, answerFields(t.db, a.attemptId, true), now);
    const settled = await Promise.allSettled([
      ...learners.map((a) => submit(a)),
      // The same attempts again, as a double click would (recorded once).
      ...learners.slice(0, 5).map((a) => submit(a)),
      // Someone else's attempt: refused, and the batch goes on.
      submit(stranger, learners[0]?.userId ?? -1),
    ]);
    stop();
    assert.ok(transactions <= 2, `${transactions} write transactions for ${settled.length} submissions`);
    const outcomes = settled.map((s) => (s.status === "fulfilled" ? s.value.outcome : "refused"));
    assert.deepEqual(outcomes.slice(0, N), Array(N).fill("graded"));
    assert.deepEqual(outcomes.slice(N, N + 5), Array(5).fill("already-submitted"));
    const refused = settled[N + 5];
    assert.ok(refused?.status === "rejected" && refused.reason instanceof Refusal);

    const ids = learners.map((a) => a.attemptId);
    const graded = t.db
      .select({ id: attempts.id, passed: attempts.passed })
      .from(attempts)
      .where(and(inArray(attempts.id, ids), isNotNull(attempts.submittedAt)))
      .all();
    assert.equal(graded.length, N);
    assert.ok(graded.every((a) => a.passed));
    const perAttempt = new Map<number, number>();
    for (const row of t.db
      .select({ attemptId: attainments.attemptId })
      .from(attainments)
      .where(inArray(attainments.attemptId, ids))
      .all())
      perAttempt.set(row.attemptId ?? 0, (perAttempt.get(row.attemptId ?? 0) ?? 0) + 1);
    assert.equal(perAttempt.size, N);
    assert.equal(new Set(perAttempt.values()).size, 1, "every pass attained the same competencies once");
    const open = t.db.select().from(attempts).where(eq(attempts.id, stranger.attemptId)).get();
    assert.equal(open?.submittedAt, null);
  });

  it("an acknowledged submission survives kill -9, and no attempt is left half-written", async () => {
    const list = Array.from({ length: 120 }, () => newAttempt());
    t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/submit-load.ts"], {
      env: {
        ...process.env,
        DATABASE_PATH: t.file,
        SUBMIT_AT: now.toISOString(),
        SUBMIT_ATTEMPTS: list.map((a) => `${a.attemptId}:${a.userId}`).join(","),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const acked = new Set<number>();
    await new Promise<void>((resolve, reject) => {
      let buffer = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) acked.add(Number(line.replace("ack ", "")));
        if (acked.size >= 30 && child.exitCode === null) child.kill("SIGKILL");
      });
      child.on("exit", () => resolve());
      child.on("error", reject);
    });
    assert.ok(acked.size >= 30, `only ${acked.size} acknowledged before the child ended`);
    assert.equal(child.signalCode, "SIGKILL", "the writer was killed while submitting");

    const after = openDatabase(t.file, { synchronous: "FULL" });
    try {
      assert.equal(after.$client.pragma("integrity_check", { simple: true }), "ok");
      const ids = list.map((a) => a.attemptId);
      const rows = after.select().from(attempts).where(inArray(attempts.id, ids)).all();
      const submitted = new Set(rows.filter((a) => a.submittedAt).map((a) => a.id));
      for (const id of acked) assert.ok(submitted.has(id), `acknowledged attempt ${id} was lost`);
      // No half state: a submitted attempt has every credit, an open one none.
      const creditless = after
        .select({ attemptId: attemptQuestions.attemptId })
        .from(attemptQuestions)
        .where(and(inArray(attemptQuestions.attemptId, ids), isNull(attemptQuestions.credit)))
        .all();
      for (const row of creditless)
        assert.ok(!submitted.has(row.attemptId), `attempt ${row.attemptId} half-graded`);
      const credited = after
        .select({ attemptId: attemptQuestions.attemptId })
        .from(attemptQuestions)
        .where(and(inArray(attemptQuestions.attemptId, ids), isNotNull(attemptQuestions.credit)))
        .all();
      for (const row of credited)
        assert.ok(submitted.has(row.attemptId), `open attempt ${row.attemptId} has credits`);
      const attained = new Set(
        after
          .select({ attemptId: attainments.attemptId })
          .from(attainments)
          .where(inArray(attainments.attemptId, ids))
          .all()
          .map((r) => r.attemptId),
      );
      assert.deepEqual([...attained].sort(), [...submitted].sort());
    } finally {
      after.$client.close();
    }
  });
});
