/**
 * The exam rules (DESIGN.md Rule 11) as pure functions: typed answers, form drawing and
 * balance, the bank rule, what the page submits, and the exact blind-pass chance.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normaliseShortAnswer, parseNumericAnswer, parseTypedNumber } from "~/domain/answers";
import { readResponses, responseFields } from "~/domain/attempt-input";
import { blindCreditDistribution, passCountBound, passProbability } from "~/domain/blind-chance";
import { blockedPrograms } from "~/domain/blocks";
import {
  balancedShares,
  bankProblems,
  drawForm,
  layoutFor,
  prng,
  revealsKey,
  shuffle,
  type BankEntry,
} from "~/domain/exam-forms";
import type { GradableQuestion } from "~/domain/grading";
import { lessonForCategory, lessonStem } from "~/domain/lessons";
import { formSettingsProblems, publishProblems, questionProblems } from "~/domain/publishing";

describe("typed numbers (docs/decisions/022)", () => {
  it("accepts thousands separators, decimal marks, signs and a percent sign", () => {
    const cases: [string, number][] = [
      ["100000", 100000],
      ["100,000", 100000],
      ["1,234,567.5", 1234567.5],
      ["100 000", 100000],
      ["100\u00a0000", 100000],
      ["100\u202f000", 100000],
      ["100'000", 100000],
      ["12.5", 12.5],
      ["12,5", 12.5],
      [".5", 0.5],
      ["15%", 15],
      ["15 %", 15],
      ["-3", -3],
      ["\u22123", -3],
      ["+7", 7],
      ["  42  ", 42],
      ["１２", 12],
    ];
    for (const [input, expected] of cases) assert.equal(parseTypedNumber(input), expected, input);
  });
  it("a comma before exactly three digits groups thousands", () => {
    assert.equal(parseTypedNumber("1,500"), 1500);
    assert.equal(parseTypedNumber("1,50"), 1.5);
  });
  it("refuses anything else", () => {
    for (const input of [
      "",
      "abc",
      "100k",
      "1e5",
      "10,00,000",
      "1 00",
      "1.000.000",
      "12-3",
      "%",
      "15%%",
      "$100",
    ])
      assert.equal(parseTypedNumber(input), undefined, input);
  });
  it("accepted answers: exact, tolerance, range", () => {
    assert.deepEqual(parseNumericAnswer("100000"), { min: 100000, max: 100000 });
    assert.deepEqual(parseNumericAnswer("100000:500"), { min: 99500, max: 100500 });
    assert.deepEqual(parseNumericAnswer("95000..105000"), { min: 95000, max: 105000 });
    assert.deepEqual(parseNumericAnswer("-1.5:0.5"), { min: -2, max: -1 });
    assert.equal(parseNumericAnswer("about 5"), undefined);
    assert.equal(parseNumericAnswer("5:-1"), undefined);
  });
  it("short answers compare trimmed, case-insensitive, spaces collapsed", () => {
    assert.equal(normaliseShortAnswer("  Deal   Registration "), "deal registration");
  });
});

/** A bank of `perCategory` questions in each of `categories` lesson categories. */
function bank(categories: number, perCategory: number, competencyId: number | null = null): BankEntry[] {
  return Array.from({ length: categories * perCategory }, (_, i) => ({
    id: (competencyId ?? 0) * 1000 + i + 1,
    competencyId,
    category: `0${Math.floor(i / perCategory) + 1}-lesson`,
  }));
}

function countBy(ids: number[], entries: BankEntry[], key: (e: BankEntry) => string) {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const counts = new Map<string, number>();
  for (const id of ids) {
    const entry = byId.get(id);
    if (entry) counts.set(key(entry), (counts.get(key(entry)) ?? 0) + 1);
  }
  return counts;
}

describe("balancedShares", () => {
  it("splits evenly, the remainder to the preferred strata", () => {
    assert.deepEqual(balancedShares([5, 5, 5, 5], 10, prng(1), [2, 2, 3, 3]), [2, 2, 3, 3]);
  });
  it("a stratum that runs out is made up by the others", () => {
    assert.deepEqual(balancedShares([1, 10, 10], 9, prng(1)), [1, 4, 4]);
    assert.deepEqual(balancedShares([1, 2], 10, prng(1)), [1, 2], "never more than the bank");
  });
});

describe("drawForm", () => {
  it("draws the form size, balanced over categories, in a random order", () => {
    const entries = bank(4, 5);
    const form = drawForm(entries, 10, new Set(), prng(7));
    assert.equal(form.length, 10);
    assert.equal(new Set(form).size, 10);
    const counts = [...countBy(form, entries, (e) => e.category ?? "").values()].sort();
    assert.deepEqual(counts, [2, 2, 3, 3]);
  });
  it("balances over competencies first, then categories within each", () => {
    const entries = [...bank(2, 10, 1), ...bank(1, 4, 2)];
    const form = drawForm(entries, 10, new Set(), prng(3));
    const perCompetency = countBy(form, entries, (e) => String(e.competencyId));
    assert.equal(perCompetency.get("2"), 4, "the small competency gives all it has");
    assert.equal(perCompetency.get("1"), 6);
  });
  it("the whole bank when it is smaller than the form", () => {
    assert.equal(drawForm(bank(1, 6), 10, new Set(), prng(1)).length, 6);
  });
  it("a bank that meets the rule gives consecutive forms no shared question", () => {
    const random = prng(11);
    for (const [categories, perCategory, formSize] of [
      [4, 5, 10],
      [3, 7, 10],
      [6, 4, 10],
      [1, 20, 10],
      [5, 6, 12],
      [2, 9, 8],
    ] as const) {
      const entries = bank(categories, perCategory);
      assert.deepEqual(bankProblems(entries, formSize), [], `${categories}×${perCategory} meets the rule`);
      let previous = new Set<number>();
      for (let attempt = 0; attempt < 30; attempt++) {
        const form = drawForm(entries, formSize, previous, random);
        const shared = form.filter((id) => previous.has(id));
        assert.deepEqual(shared, [], `${categories}×${perCategory}, attempt ${attempt}`);
        previous = new Set(form);
      }
    }
  });
  it("a smaller bank shares only what it must", () => {
    const entries = bank(1, 14);
    const first = drawForm(entries, 10, new Set(), prng(5));
    const second = drawForm(entries, 10, new Set(first), prng(6));
    assert.equal(second.filter((id) => first.includes(id)).length, 6, "14 questions: 4 fresh, 6 again");
  });
  it("every question of a category is drawn about as often (uniform within strata)", () => {
    const entries = bank(2, 10);
    const seen = new Map<number, number>();
    const random = prng(9);
    for (let i = 0; i < 2000; i++)
      for (const id of drawForm(entries, 4, new Set(), random)) seen.set(id, (seen.get(id) ?? 0) + 1);
    for (const [id, n] of seen) assert.ok(n > 300 && n < 500, `question ${id} drawn ${n} times of ~400`);
  });
});

describe("bankProblems (the bank rule, docs/decisions/021)", () => {
  it("needs 2 × the form size", () => {
    assert.match(bankProblems(bank(1, 19), 10)[0] ?? "", /holds 19 questions.*at least 20.*Add 1/);
    assert.deepEqual(bankProblems(bank(1, 20), 10), []);
  });
  it("each category can give its balanced share twice", () => {
    const uneven = [
      ...bank(3, 7).slice(0, 18),
      ...bank(1, 3).map((e) => ({ ...e, id: 900 + e.id, category: "04-small" })),
    ];
    const problems = bankProblems(uneven, 10);
    assert.ok(
      problems.some((p) => p.includes("“04-small”") && p.includes("has 3 questions")),
      problems.join("\n"),
    );
  });
  it("publishing refuses a certification module's small bank, not another module's", () => {
    const draft = {
      title: "T",
      minutes: 10,
      passMarkPercent: 80,
      formSize: 10,
      timeLimitMinutes: null,
      competencyCount: 1,
      lessons: [{ title: "L", bodyMarkdown: "text" }],
      questions: Array.from({ length: 12 }, () => ({
        kind: "single" as const,
        prompt: "Q?",
        category: null,
        competencyId: null,
        choices: [
          { text: "a", isCorrect: true, weight: null, matchText: null },
          { text: "b", isCorrect: false, weight: null, matchText: null },
        ],
      })),
    };
    assert.ok(
      publishProblems({ ...draft, countsTowardsCertification: true }).some((p) => p.includes("at least 20")),
    );
    assert.deepEqual(publishProblems({ ...draft, countsTowardsCertification: false }), []);
  });
  it("form settings: enough questions for the pass mark, a sane time limit", () => {
    assert.deepEqual(formSettingsProblems({ passMarkPercent: 80, formSize: 5, timeLimitMinutes: null }), []);
    assert.match(
      formSettingsProblems({ passMarkPercent: 80, formSize: 4, timeLimitMinutes: null })[0] ?? "",
      /between 5 and/,
    );
    assert.match(
      formSettingsProblems({ passMarkPercent: 80, formSize: 10, timeLimitMinutes: 0 })[0] ?? "",
      /time limit/,
    );
  });
});

describe("questionProblems", () => {
  const row = (
    text: string,
    isCorrect = true,
    matchText: string | null = null,
    weight: number | null = null,
  ) => ({
    text,
    isCorrect,
    matchText,
    weight,
  });
  it("numerical answers must be numbers, ranges or tolerances, one giving credit", () => {
    assert.deepEqual(questionProblems({ kind: "numerical", prompt: "?", choices: [row("100:5")] }), []);
    assert.equal(questionProblems({ kind: "numerical", prompt: "?", choices: [row("lots")] }).length, 1);
    assert.equal(questionProblems({ kind: "numerical", prompt: "?", choices: [row("5", false)] }).length, 1);
  });
  it("matching needs two items and three answers to choose from", () => {
    const ok = [row("a", true, "1"), row("b", true, "2"), row("", false, "3")];
    assert.deepEqual(questionProblems({ kind: "matching", prompt: "?", choices: ok }), []);
    assert.equal(questionProblems({ kind: "matching", prompt: "?", choices: ok.slice(0, 2) }).length, 1);
  });
  it("short answers are distinct once normalised", () => {
    assert.equal(
      questionProblems({ kind: "short", prompt: "?", choices: [row("Margin"), row(" margin ")] }).length,
      1,
    );
  });
});

const mc = (id: number, k: number, correct = 1): GradableQuestion => ({
  id,
  kind: k > correct + 0 && correct > 1 ? "multiple" : "single",
  choices: Array.from({ length: k }, (_, i) => ({
    id: id * 10 + i,
    text: `c${i}`,
    isCorrect: i < correct,
    weight: null,
    matchText: null,
  })),
});

describe("layouts and what the page submits", () => {
  const question = mc(1, 4);
  it("choices are shown in a uniformly random order: the right one is first a quarter of the time", () => {
    const random = prng(2);
    let first = 0;
    for (let i = 0; i < 4000; i++) if (layoutFor(question, random).choices[0] === 10) first++;
    assert.ok(first > 900 && first < 1100, `${first} of 4000`);
  });
  it("reads places back into choices through the layout, and refuses what is no place", () => {
    const items = [
      { position: 1, kind: "single" as const, layout: { choices: [13, 10, 12, 11] } },
      { position: 2, kind: "numerical" as const, layout: { choices: [] } },
      { position: 3, kind: "matching" as const, layout: { choices: [31, 30], right: [32, 30, 31] } },
    ];
    const ok = readResponses(
      items,
      new Map([
        ["q1", ["2"]],
        ["q2", ["27,000"]],
        ["q3-1", ["3"]],
        ["q3-2", [""]],
      ]),
    );
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(ok.responses.get(1), { choices: [10] });
    assert.deepEqual(ok.responses.get(2), { text: "27,000" });
    assert.deepEqual(ok.responses.get(3), { pairs: { 31: 31 } });
    assert.deepEqual(responseFields(items[0] as (typeof items)[number], { choices: [10] }), { q1: ["2"] });
    assert.deepEqual(responseFields(items[2] as (typeof items)[number], { pairs: { 31: 31 } }), {
      "q3-1": ["3"],
    });
    for (const bad of [
      new Map([["q1", ["5"]]]),
      new Map([["q1", ["10"]]]),
      new Map([["q1", ["1", "2"]]]),
      new Map([["q9", ["1"]]]),
      new Map([["q3-1", ["4"]]]),
      new Map([["q2", ["x".repeat(201)]]]),
    ])
      assert.ok(readResponses(items, bad).problems.length > 0, JSON.stringify([...bad]));
  });
});

describe("blind chance (exact)", () => {
  it("one question: 1/k for single answer, 1/2 for true/false", () => {
    assert.equal(blindCreditDistribution(mc(1, 4), "first").get(1), 0.25);
    const tf: GradableQuestion = { ...mc(2, 2), kind: "truefalse" };
    assert.equal(blindCreditDistribution(tf, "random").get(1), 0.5);
  });
  it("ten 4-choice questions at 80%: the binomial tail", () => {
    const form = Array.from({ length: 10 }, (_, i) => mc(i + 1, 4));
    const binomial = (n: number, k: number) => {
      let r = 1;
      for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
      return r;
    };
    let expected = 0;
    for (let k = 8; k <= 10; k++) expected += binomial(10, k) * 0.25 ** k * 0.75 ** (10 - k);
    assert.ok(Math.abs(passProbability(form, "first", 80) - expected) < 1e-12);
  });
  it("matches a simulation of random answers on a mixed form", () => {
    const form: GradableQuestion[] = [mc(1, 3), mc(2, 4, 2), mc(3, 2), mc(4, 5), mc(5, 3, 2)];
    const exact = passProbability(form, "random", 60);
    const random = prng(4);
    let passes = 0;
    const trials = 40000;
    for (let t = 0; t < trials; t++) {
      let total = 0;
      for (const q of form) {
        if (q.kind === "multiple") {
          let mask = 0;
          while (mask === 0) mask = Math.floor(random() * 2 ** q.choices.length);
          const picked = q.choices.filter((_, i) => mask & (1 << i));
          const right = picked.filter((c) => c.isCorrect).length;
          const correct = q.choices.filter((c) => c.isCorrect).length;
          total += Math.max(0, (right - (picked.length - right)) / correct);
        } else {
          total += q.choices[Math.floor(random() * q.choices.length)]?.isCorrect ? 1 : 0;
        }
      }
      if (Math.round((total / form.length) * 1000) / 10 >= 60) passes++;
    }
    assert.ok(Math.abs(passes / trials - exact) < 0.01, `${passes / trials} vs ${exact}`);
  });
  it("typed answers give a blind candidate nothing", () => {
    const numerical: GradableQuestion = { id: 9, kind: "numerical", choices: [] };
    assert.deepEqual([...blindCreditDistribution(numerical, "first")], [[0, 1]]);
  });
  it("the pass-count bound is the Poisson-binomial upper tail", () => {
    assert.equal(passCountBound(Array(100).fill(0), 1e-6), 0);
    assert.equal(passCountBound(Array(10).fill(0.5), 0.5), 5);
    assert.ok(passCountBound(Array(100).fill(0.001), 1e-6) <= 4);
  });
});

describe("reveal policy, revocation blocks, lessons", () => {
  it("the key after a pass only, and never under 'never'", () => {
    assert.equal(revealsKey("after-pass", true), true);
    assert.equal(revealsKey("after-pass", false), false);
    assert.equal(revealsKey("never", true), false);
  });
  it("a blocked specialist program also blocks the lead program of its technology", () => {
    const programs = [
      { id: 1, technologyId: 1, level: "specialist" as const },
      { id: 2, technologyId: 1, level: "lead" as const },
      { id: 3, technologyId: 2, level: "specialist" as const },
    ];
    assert.deepEqual([...blockedPrograms(programs, new Set([1]))].sort(), [1, 2]);
    assert.deepEqual([...blockedPrograms(programs, new Set([2]))], [2]);
  });
  it("a category names a lesson by its stem, or by the last part of a Moodle path", () => {
    const lessons = [
      { stem: "01-margins", position: 1, title: "Margins" },
      { stem: null, position: 2, title: "Attach rates" },
    ];
    assert.equal(lessonForCategory("01-margins", lessons)?.position, 1);
    assert.equal(lessonForCategory("$course$/top/02-attach-rates", lessons)?.position, 2);
    assert.equal(lessonForCategory("pricing", lessons), undefined);
    assert.equal(
      lessonStem({ stem: null, position: 3, title: "Total cost of ownership" }),
      "03-total-cost-of-ownership",
    );
  });
  it("shuffle is a permutation", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    assert.deepEqual(
      shuffle(items, prng(1)).sort((a, b) => a - b),
      items,
    );
  });
});
