import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  gradeSubmission,
  nextAttemptAllowedAt,
  questionCredit,
  seededShuffle,
  submissionProblems,
  type GradableQuestion,
} from "~/domain/grading";
import { pathToEligibility } from "~/domain/path";

const single: GradableQuestion = {
  id: 1,
  kind: "single",
  choices: [
    { id: 11, isCorrect: true },
    { id: 12, isCorrect: false },
    { id: 13, isCorrect: false },
  ],
};
const multiple: GradableQuestion = {
  id: 2,
  kind: "multiple",
  choices: [
    { id: 21, isCorrect: true },
    { id: 22, isCorrect: true },
    { id: 23, isCorrect: false },
  ],
};
const tf: GradableQuestion = {
  id: 3,
  kind: "truefalse",
  choices: [
    { id: 31, isCorrect: false },
    { id: 32, isCorrect: true },
  ],
};

describe("questionCredit", () => {
  it("single answer: all or nothing", () => {
    assert.equal(questionCredit(single, [11]), 1);
    assert.equal(questionCredit(single, [12]), 0);
    assert.equal(questionCredit(single, []), 0);
    assert.equal(questionCredit(single, [11, 12]), 0, "two answers to a single-answer question earn nothing");
  });
  it("multiple answers: partial credit, never below zero, ticking everything earns little", () => {
    assert.equal(questionCredit(multiple, [21, 22]), 1);
    assert.equal(questionCredit(multiple, [21]), 0.5);
    assert.equal(questionCredit(multiple, [21, 22, 23]), 0.5);
    assert.equal(questionCredit(multiple, [23]), 0);
  });
});

describe("gradeSubmission (Rule 1)", () => {
  const questions = [single, multiple, tf];
  it("passes at exactly the pass mark", () => {
    const g = gradeSubmission(
      questions,
      new Map([
        [1, [11]],
        [2, [21, 22]],
        [3, [31]],
      ]),
      66.7,
    );
    assert.equal(g.scorePercent, 66.7);
    assert.equal(g.passed, true);
  });
  it("fails just below it", () => {
    const g = gradeSubmission(
      questions,
      new Map([
        [1, [11]],
        [2, [21]],
        [3, [32]],
      ]),
      90,
    );
    assert.equal(g.scorePercent, 83.3);
    assert.equal(g.passed, false);
  });
  it("unanswered questions score zero", () => {
    assert.equal(gradeSubmission(questions, new Map(), 80).scorePercent, 0);
  });
});

describe("submissionProblems (tampering)", () => {
  it("accepts a sound submission", () => {
    assert.deepEqual(
      submissionProblems(
        [single, multiple],
        new Map([
          [1, [11]],
          [2, [21, 22]],
        ]),
      ),
      [],
    );
  });
  it("refuses unknown questions, foreign choices, several answers to one, duplicates", () => {
    assert.equal(submissionProblems([single], new Map([[99, [11]]])).length, 1);
    assert.equal(submissionProblems([single, multiple], new Map([[1, [21]]])).length, 1);
    assert.equal(submissionProblems([single], new Map([[1, [11, 12]]])).length, 1);
    assert.equal(submissionProblems([multiple], new Map([[2, [21, 21]]])).length, 1);
  });
});

describe("seededShuffle", () => {
  it("is stable for a seed and a permutation of the input", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    assert.deepEqual(seededShuffle(items, 42), seededShuffle(items, 42));
    assert.deepEqual(
      [...seededShuffle(items, 42)].sort((a, b) => a - b),
      items,
    );
    assert.notDeepEqual(seededShuffle(items, 42), seededShuffle(items, 43));
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
