/**
 * How often a candidate who knows nothing passes a form, exactly: the distribution of the
 * credit each question gives a blind strategy (from its kind, its number of choices, how
 * many are right, its partial credit), convolved over the form, read against the pass mark
 * with the same rounding as grading. The blind-strategy test asserts under these bounds;
 * the editor shows trainers the chance for their own settings. Pure.
 */
import { drawForm, prng, type BankEntry } from "./exam-forms";
import {
  matchingLeftItems,
  matchingRightOptions,
  questionCredit,
  scorePercent,
  type GradableQuestion,
} from "./grading";

/** Credit → probability. Keys are rounded so that equal sums meet. */
export type Distribution = Map<number, number>;

/**
 * - `first`: always the first displayed choice (one tick on a multiple-answer question, the
 *   first option for every matching item, nothing typed). Since submitted values are places
 *   on the page, "always the lowest value" is the same strategy.
 * - `random`: one choice at random; a random non-empty set of choices on a multiple-answer
 *   question; a random option for each matching item; nothing typed.
 */
export type BlindStrategy = "first" | "random";

const key = (x: number) => Math.round(x * 1e9) / 1e9;

function add(dist: Distribution, credit: number, p: number) {
  const k = key(credit);
  dist.set(k, (dist.get(k) ?? 0) + p);
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/** The credit one question gives a blind strategy, as a distribution. */
export function blindCreditDistribution(question: GradableQuestion, strategy: BlindStrategy): Distribution {
  const dist: Distribution = new Map();
  switch (question.kind) {
    case "numerical":
    case "short":
      add(dist, 0, 1);
      return dist;
    case "matching": {
      const left = matchingLeftItems(question);
      const options = matchingRightOptions(question);
      if (left.length === 0 || options.length === 0) {
        add(dist, 0, 1);
        return dist;
      }
      if (strategy === "first") {
        for (const option of options) {
          const right = left.filter((l) => l.matchText === option.matchText).length;
          add(dist, right / left.length, 1 / options.length);
        }
        return dist;
      }
      // Independent uniform picks: each item is right with probability 1 / options.
      const p = 1 / options.length;
      for (let right = 0; right <= left.length; right++) {
        add(
          dist,
          right / left.length,
          binomial(left.length, right) * p ** right * (1 - p) ** (left.length - right),
        );
      }
      return dist;
    }
    default: {
      const k = question.choices.length;
      if (strategy === "first" || question.kind !== "multiple") {
        for (const c of question.choices) add(dist, questionCredit(question, { choices: [c.id] }), 1 / k);
        return dist;
      }
      const subsets = 2 ** k - 1;
      for (let mask = 1; mask <= subsets; mask++) {
        const picked = question.choices.filter((_, i) => mask & (1 << i)).map((c) => c.id);
        add(dist, questionCredit(question, { choices: picked }), 1 / subsets);
      }
      return dist;
    }
  }
}

/** Exact chance that the total credit over `questions` reaches the pass mark. */
export function passProbability(
  questions: readonly GradableQuestion[],
  strategy: BlindStrategy,
  passMarkPercent: number,
): number {
  let total: Distribution = new Map([[0, 1]]);
  for (const q of questions) {
    const next: Distribution = new Map();
    for (const [credit, p] of blindCreditDistribution(q, strategy)) {
      for (const [sum, ps] of total) add(next, sum + credit, p * ps);
    }
    total = next;
  }
  let pass = 0;
  for (const [sum, p] of total) if (scorePercent(sum, questions.length) >= passMarkPercent) pass += p;
  return Math.min(1, pass);
}

/**
 * The number of passes that `trials` independent attempts, each passing with its own
 * probability, exceed with probability at most `alpha` (Poisson-binomial upper tail): the
 * most passes chance allows.
 */
export function passCountBound(probabilities: readonly number[], alpha: number): number {
  let dist = [1];
  for (const p of probabilities) {
    const next = new Array<number>(dist.length + 1).fill(0);
    dist.forEach((q, k) => {
      next[k] = (next[k] ?? 0) + q * (1 - p);
      next[k + 1] = (next[k + 1] ?? 0) + q * p;
    });
    dist = next;
  }
  let tail = 1;
  for (let x = 0; x < dist.length; x++) {
    tail -= dist[x] ?? 0;
    if (tail <= alpha) return x;
  }
  return dist.length - 1;
}

/**
 * The chance that a blind candidate passes one attempt, averaged over `draws` forms drawn
 * from the bank with a fixed seed (forms differ in their mix of kinds), taking the better
 * of the two blind strategies on each: what the editor shows a trainer.
 */
export function typicalBlindPassChance(
  bank: readonly (GradableQuestion & BankEntry)[],
  formSize: number,
  passMarkPercent: number,
  draws = 40,
): number {
  if (bank.length === 0) return 0;
  const random = prng(20261201);
  const byId = new Map(bank.map((q) => [q.id, q]));
  let sum = 0;
  for (let i = 0; i < draws; i++) {
    const form = drawForm(bank, formSize, new Set(), random).flatMap((id) => byId.get(id) ?? []);
    sum += Math.max(
      passProbability(form, "first", passMarkPercent),
      passProbability(form, "random", passMarkPercent),
    );
  }
  return sum / draws;
}
