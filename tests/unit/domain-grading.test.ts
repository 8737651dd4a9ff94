import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  gradeAttempt,
  nextAttemptAllowedAt,
  questionCredit,
  scoresByCompetency,
  type GradableChoice,
  type GradableQuestion,
} from "~/domain/grading";
import { pathToEligibility } from "~/domain/path";

const choice = (id: number, isCorrect: boolean, text = `choice ${id}`): GradableChoice => ({
  id,
  text,
  isCorrect,
  weight: null,
  matchText: null,
});

const single: GradableQuestion = {
  id: 1,
  kind: "single",
  choices: [choice(11, true), choice(12, false), choice(13, false)],
};
const multiple: GradableQuestion = {
  id: 2,
  kind: "multiple",
  choices: [choice(21, true), choice(22, true), choice(23, false)],
};
const tf: GradableQuestion = {
  id: 3,
  kind: "truefalse",
  choices: [choice(31, false, "True"), choice(32, true, "False")],
};
const picks = (...ids: number[]) => ({ choices: ids });

describe("questionCredit: choice questions", () => {
  it("single answer: all or nothing", () => {
    assert.equal(questionCredit(single, picks(11)), 1);
    assert.equal(questionCredit(single, picks(12)), 0);
    assert.equal(questionCredit(single, picks()), 0);
    assert.equal(questionCredit(single, null), 0);
    assert.equal(
      questionCredit(single, picks(11, 12)),
      0,
      "two answers to a single-answer question earn nothing",
    );
  });
  it("multiple answers: partial credit, never below zero, ticking everything earns little", () => {
    assert.equal(questionCredit(multiple, picks(21, 22)), 1);
    assert.equal(questionCredit(multiple, picks(21)), 0.5);
    assert.equal(questionCredit(multiple, picks(21, 22, 23)), 0.5);
    assert.equal(questionCredit(multiple, picks(23)), 0);
  });
  it("a typed answer to a choice question earns nothing", () => {
    assert.equal(questionCredit(single, { text: "choice 11" }), 0);
  });
});

describe("questionCredit: numerical", () => {
  const numerical: GradableQuestion = {
    id: 4,
    kind: "numerical",
    choices: [
      { id: 41, text: "100000:500", isCorrect: true, weight: null, matchText: null },
      { id: 42, text: "95000..105000", isCorrect: true, weight: 0.5, matchText: null },
      { id: 43, text: "97750", isCorrect: false, weight: null, matchText: null },
    ],
  };
  it("the best weight among the answers the number falls in", () => {
    assert.equal(questionCredit(numerical, { text: "100000" }), 1);
    assert.equal(questionCredit(numerical, { text: "100,500" }), 1, "the tolerance is inclusive");
    assert.equal(
      questionCredit(numerical, { text: "100 501" }),
      0.5,
      "outside the tolerance, inside the range",
    );
    assert.equal(questionCredit(numerical, { text: "105000" }), 0.5);
    assert.equal(questionCredit(numerical, { text: "105001" }), 0);
    assert.equal(
      questionCredit(numerical, { text: "97750" }),
      0.5,
      "a wrong answer with feedback gives no credit of its own",
    );
  });
  it("what is not a number earns nothing", () => {
    assert.equal(questionCredit(numerical, { text: "about 100k" }), 0);
    assert.equal(questionCredit(numerical, { text: "" }), 0);
    assert.equal(questionCredit(numerical, picks(41)), 0, "a choice id is no answer to a numerical question");
  });
  it("percent answers: 15% and 15 are the same", () => {
    const percent: GradableQuestion = {
      id: 5,
      kind: "numerical",
      choices: [{ id: 51, text: "15", isCorrect: true, weight: null, matchText: null }],
    };
    assert.equal(questionCredit(percent, { text: "15%" }), 1);
    assert.equal(questionCredit(percent, { text: " 15 % " }), 1);
    assert.equal(questionCredit(percent, { text: "0.15" }), 0);
  });
});

describe("questionCredit: short answer", () => {
  const short: GradableQuestion = {
    id: 6,
    kind: "short",
    choices: [
      { id: 61, text: "Deal registration", isCorrect: true, weight: null, matchText: null },
      { id: 62, text: "registration", isCorrect: true, weight: 0.5, matchText: null },
    ],
  };
  it("case-insensitive, trimmed, inner spaces collapsed; partial credit", () => {
    assert.equal(questionCredit(short, { text: "  deal   REGISTRATION " }), 1);
    assert.equal(questionCredit(short, { text: "Registration" }), 0.5);
    assert.equal(questionCredit(short, { text: "deal reg" }), 0);
    assert.equal(questionCredit(short, { text: "   " }), 0);
  });
});

describe("questionCredit: matching", () => {
  const matching: GradableQuestion = {
    id: 7,
    kind: "matching",
    choices: [
      { id: 71, text: "Hardware", isCorrect: true, weight: null, matchText: "lowest margin" },
      { id: 72, text: "Services", isCorrect: true, weight: null, matchText: "highest margin" },
      { id: 73, text: "Support", isCorrect: true, weight: null, matchText: "recurring" },
      { id: 74, text: "Financing", isCorrect: true, weight: null, matchText: "recurring" },
      { id: 75, text: "", isCorrect: false, weight: null, matchText: "no margin" },
    ],
  };
  it("credit per item matched; items may share a right-hand answer", () => {
    const pairs = (p: Record<string, number>) => ({ pairs: p });
    assert.equal(questionCredit(matching, pairs({ 71: 71, 72: 72, 73: 73, 74: 73 })), 1);
    assert.equal(
      questionCredit(matching, pairs({ 71: 71, 72: 72, 73: 74, 74: 74 })),
      1,
      "either choice carrying 'recurring' names it",
    );
    assert.equal(questionCredit(matching, pairs({ 71: 72, 72: 71, 73: 73 })), 0.25);
    assert.equal(questionCredit(matching, pairs({ 71: 75 })), 0, "the distractor matches nothing");
    assert.equal(questionCredit(matching, pairs({})), 0);
  });
});

describe("gradeAttempt (Rule 1)", () => {
  const items = (responses: (ReturnType<typeof picks> | null)[]) =>
    [single, multiple, tf].map((question, i) => ({ question, response: responses[i] ?? null }));
  it("passes at exactly the pass mark", () => {
    const g = gradeAttempt(items([picks(11), picks(21, 22), picks(31)]), 66.7);
    assert.equal(g.scorePercent, 66.7);
    assert.equal(g.passed, true);
    assert.deepEqual(g.credits, [1, 1, 0]);
  });
  it("fails just below it", () => {
    const g = gradeAttempt(items([picks(11), picks(21), picks(32)]), 90);
    assert.equal(g.scorePercent, 83.3);
    assert.equal(g.passed, false);
  });
  it("unanswered questions score zero", () => {
    assert.equal(gradeAttempt(items([]), 80).scorePercent, 0);
  });
});

describe("scoresByCompetency", () => {
  it("a question counts for its competency, or for all when untagged", () => {
    const scores = scoresByCompetency(
      [
        { competencyId: 1, credit: 1 },
        { competencyId: 2, credit: 0 },
        { competencyId: null, credit: 0.5 },
      ],
      [1, 2],
    );
    assert.deepEqual(scores, [
      { competencyId: 1, scorePercent: 75, questions: 2 },
      { competencyId: 2, scorePercent: 25, questions: 2 },
    ]);
  });
});

describe("nextAttemptAllowedAt (rolling 24 hours)", () => {
  const now = new Date("2026-05-10T12:00:00Z");
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
  it("allows while fewer than the maximum were started in 24 hours", () => {
    assert.equal(nextAttemptAllowedAt([hoursAgo(1), hoursAgo(2)], 3, now), undefined);
    assert.equal(
      nextAttemptAllowedAt([hoursAgo(1), hoursAgo(2), hoursAgo(24)], 3, now),
      undefined,
      "exactly 24 h ago no longer counts",
    );
  });
  it("refuses the next one until the oldest leaves the window", () => {
    const next = nextAttemptAllowedAt([hoursAgo(1), hoursAgo(5), hoursAgo(23)], 3, now);
    assert.equal(
      next?.toISOString(),
      "2026-05-10T13:00:00.000Z",
      "the attempt 23 h ago leaves the window in 1 h",
    );
  });
});

describe("pathToEligibility (Rule 9)", () => {
  const modules = [
    { id: 1, minutes: 60, competencyIds: [1, 2] },
    { id: 2, minutes: 25, competencyIds: [1] },
    { id: 3, minutes: 25, competencyIds: [2] },
    { id: 4, minutes: 90, competencyIds: [1, 2, 3] },
    { id: 5, minutes: 40, competencyIds: [3] },
  ];
  it("picks the cheapest set by total minutes, not the fewest modules", () => {
    const path = pathToEligibility([1, 2], modules);
    assert.deepEqual(path.modules.map((m) => m.id).sort(), [2, 3]);
    assert.equal(path.totalMinutes, 50);
  });
  it("a module covering everything wins when it is cheaper", () => {
    const path = pathToEligibility([1, 2, 3], modules);
    assert.equal(path.totalMinutes, 90);
  });
  it("reports competencies no module teaches", () => {
    const path = pathToEligibility([3, 7], modules);
    assert.deepEqual(path.untaught, [7]);
    assert.deepEqual(
      path.modules.map((m) => m.id),
      [5],
    );
  });
  it("nothing missing, nothing to take", () => {
    assert.deepEqual(pathToEligibility([], modules), { modules: [], totalMinutes: 0, untaught: [] });
  });
});
