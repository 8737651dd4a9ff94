/**
 * Blind strategies against every module of the shipped catalog, through the real models
 * (issue #10, point 8). A candidate who knows nothing sees only what the assessment page
 * receives and plays: always the first displayed choice, always the lowest submitted value,
 * random answers, and "answer what the previous failed attempt's result revealed". For each
 * attempt the exact chance of passing blind is computed from the form it drew (kinds,
 * choices per question, partial credit, pass mark); the passes observed must stay under
 * the Poisson-binomial bound of those chances (tail 1e-6), per module and over the catalog.
 * Every failed result must contain no part of the key. Fixed seeds: the run is reproducible.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq, isNotNull } from "drizzle-orm";
import { attemptQuestions, modules } from "#db/schema";
import { passCountBound, passProbability, type BlindStrategy } from "~/domain/blind-chance";
import { prng, type Random } from "~/domain/exam-forms";
import { getAttemptResult } from "~/models/attempt-results.server";
import { getAttemptForm, startAttempt } from "~/models/attempts.server";
import { loadBank } from "~/models/question-bank.server";
import { submitAttempt } from "~/models/attempt-submission.server";
import { createUser } from "~/models/users.server";
import { seedDemo } from "~/seed/demo.server";
import { createTestDb, type TestDb } from "../support/db";

const TRIALS = 30;
const ALPHA = 1e-6;
const now = new Date("2026-11-27T10:00:00Z");
let t: TestDb;

type Form = ReturnType<typeof getAttemptForm>;
type Result = ReturnType<typeof getAttemptResult>;

/** What a strategy answers, from the page's data alone (and, for `reveal`, the last result). */
type Strategy = (form: Form, random: Random, memory: Memory) => Map<string, string[]>;

interface Memory {
  /** What the previous failed result revealed: question text → the answer given, and if it was right. */
  revealed: Map<string, { text: string; right: boolean }>;
  /** This attempt's answers, by question text. */
  answered: Map<string, string>;
}

const pick = <T>(items: readonly T[], random: Random): T | undefined =>
  items[Math.floor(random() * items.length)];

function eachQuestion(
  form: Form,
  choose: (q: Form["questions"][number]) => string[],
  matching: (q: Form["questions"][number], item: number) => string | undefined,
) {
  const fields = new Map<string, string[]>();
  for (const q of form.questions) {
    if (q.kind === "numerical" || q.kind === "short") continue; // nothing to guess from
    if (q.kind === "matching") {
      q.choices.forEach((_, i) => {
        const value = matching(q, i);
        if (value) fields.set(`q${q.position}-${i + 1}`, [value]);
      });
      continue;
    }
    fields.set(`q${q.position}`, choose(q));
  }
  return fields;
}

const places = (count: number) => Array.from({ length: count }, (_, i) => String(i + 1));

const strategies: Record<"first" | "lowest" | "random" | "reveal", { play: Strategy; bound: BlindStrategy }> =
  {
    first: {
      bound: "first",
      play: (form) =>
        eachQuestion(
          form,
          () => ["1"],
          () => "1",
        ),
    },
    lowest: {
      bound: "first",
      play: (form) =>
        eachQuestion(
          form,
          (q) => [
            places(q.choices.length).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))[0] ?? "1",
          ],
          (q) => places(q.options.length).sort((a, b) => Number(a) - Number(b))[0],
        ),
    },
    random: {
      bound: "random",
      play: (form, random) =>
        eachQuestion(
          form,
          (q) => {
            if (q.kind !== "multiple") return [pick(places(q.choices.length), random) ?? "1"];
            let mask = 0;
            while (mask === 0) mask = Math.floor(random() * 2 ** q.choices.length);
            return places(q.choices.length).filter((_, i) => mask & (1 << i));
          },
          (q) => pick(places(q.options.length), random),
        ),
    },
    reveal: {
      bound: "random",
      play: (form, random, memory) =>
        eachQuestion(
          form,
          (q) => {
            const known = memory.revealed.get(q.promptHtml);
            const texts = q.choices.map((text, i) => ({ text, place: String(i + 1) }));
            const candidates = known
              ? known.right
                ? texts.filter((c) => c.text === known.text)
                : texts.filter((c) => c.text !== known.text)
              : texts;
            const chosen = pick(candidates.length > 0 ? candidates : texts, random);
            memory.answered.set(q.promptHtml, chosen?.text ?? "");
            return [chosen?.place ?? "1"];
          },
          (q) => pick(places(q.options.length), random),
        ),
    },
  };

/** The failed result carries no key: no choice, accepted answer, match, feedback or explanation. */
function assertNoKey(result: Result, keyTexts: readonly string[], where: string) {
  assert.equal(result.reveal, false, where);
  assert.ok(
    result.questions.every((q) => q.key === null),
    where,
  );
  // Texts the page shows anyway (questions, lesson, module and competency names) are not leaks.
  const prompts = [
    ...result.questions.map((q) => q.promptHtml),
    ...result.questions.map((q) => q.lesson?.title ?? ""),
    ...result.competencies.map((c) => c.name),
    result.version.title,
  ].join("\n");
  const shown = JSON.stringify({
    ...result,
    questions: result.questions.map(({ promptHtml: _p, ...q }) => q),
  });
  for (const text of keyTexts) {
    if (text.length < 4 || prompts.includes(text)) continue;
    assert.ok(!shown.includes(text), `${where}: the failed result shows “${text}”`);
  }
}

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "content");
});
after(() => t.close());

describe("blind strategies against every shipped module", () => {
  const catalogModules = () =>
    t.db
      .select({ slug: modules.slug, versionId: modules.publishedVersionId })
      .from(modules)
      .where(isNotNull(modules.publishedVersionId))
      .orderBy(modules.slug)
      .all();

  it("the catalog has its 30 modules, each bank at least twice its form", () => {
    const all = catalogModules();
    assert.equal(all.length, 30);
    for (const m of all) assert.ok(loadBank(t.db, m.versionId ?? -1).length >= 20, m.slug);
  });

  for (const [name, strategy] of Object.entries(strategies)) {
    it(`"${name}" passes no more often than chance allows, and failed results reveal nothing`, (ctx) => {
      const all = catalogModules();
      const everyChance: number[] = [];
      let everyPass = 0;
      let seed = 1;
      for (const m of all) {
        const bank = loadBank(t.db, m.versionId ?? -1);
        const byId = new Map(bank.map((q) => [q.id, q]));
        const keyTexts = bank.flatMap((q) => [
          q.explanation,
          ...q.choices.flatMap((c) => [c.text, c.feedback, c.matchText ?? ""]),
        ]);
        const learner = createUser(
          t.db,
          { email: `blind-${name}-${m.slug}@example.com`, name: `Blind ${name}`, roles: ["learner"] },
          null,
          now,
        );
        const draws = prng(7919 * seed);
        const guesses = prng(104729 * seed++);
        const memory: Memory = { revealed: new Map(), answered: new Map() };
        const chances: number[] = [];
        let passes = 0;
        let previous: number[] = [];
        for (let trial = 0; trial < TRIALS; trial++) {
          const at = new Date(now.getTime() + trial * 9 * 3600_000);
          const attemptId = startAttempt(t.db, learner, m.slug, at, draws);
          const form = getAttemptForm(t.db, attemptId, learner, at);
          const asked = t.db
            .select({ id: attemptQuestions.questionId })
            .from(attemptQuestions)
            .where(eq(attemptQuestions.attemptId, attemptId))
            .orderBy(attemptQuestions.position)
            .all()
            .map((r) => r.id);
          assert.deepEqual(
            asked.filter((id) => previous.includes(id)),
            [],
            `${m.slug}: consecutive forms share no question`,
          );
          previous = asked;
          chances.push(
            passProbability(
              asked.flatMap((id) => byId.get(id) ?? []),
              strategy.bound,
              form.version.passMarkPercent,
            ),
          );
          memory.answered = new Map();
          const outcome = submitAttempt(t.db, attemptId, learner, strategy.play(form, guesses, memory), at, {
            confirmIncomplete: true,
          });
          assert.equal(outcome.outcome, "graded");
          const result = getAttemptResult(t.db, attemptId, learner);
          memory.revealed = new Map();
          if (result.attempt.passed) {
            passes += 1;
            continue;
          }
          assertNoKey(result, keyTexts, `${m.slug} attempt ${trial + 1}`);
          // What the failed result reveals: which questions were right, next to what was answered.
          for (const q of result.questions) {
            const text = memory.answered.get(q.promptHtml);
            if (text !== undefined)
              memory.revealed.set(q.promptHtml, { text, right: q.verdict === "correct" });
          }
        }
        const bound = passCountBound(chances, ALPHA);
        assert.ok(passes <= bound, `${m.slug}: ${passes} of ${TRIALS} passed blind, chance allows ${bound}`);
        everyChance.push(...chances);
        everyPass += passes;
      }
      const bound = passCountBound(everyChance, ALPHA);
      const expected = everyChance.reduce((a, b) => a + b, 0);
      ctx.diagnostic(
        `${name}: ${everyPass} passes in ${everyChance.length} attempts; chance expects ${expected.toFixed(3)}, allows ${bound}`,
      );
      assert.ok(
        everyPass <= bound,
        `${everyPass} of ${everyChance.length} attempts passed blind (expected ${expected.toFixed(3)}), chance allows ${bound}`,
      );
    });
  }
});
