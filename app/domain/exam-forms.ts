/**
 * Exam forms (DESIGN.md Rule 11): each attempt draws its own form from the module
 * version's question bank, balanced over the competencies the questions assess and over
 * their GIFT categories, sharing as few questions with the learner's previous attempt as
 * the bank allows; and the bank rule that makes that possible for modules that count
 * towards a certification. Pure: randomness is a parameter.
 */
import type { AttemptLayout, QuestionKind } from "#db/vocabulary";
import { matchingLeftItems, matchingRightOptions, type GradableQuestion } from "./grading";

/** A source of uniform numbers in [0, 1): `Math.random`, a seeded `prng`, or crypto. */
export type Random = () => number;

/** mulberry32: a small seeded generator, for tests and reproducible simulations. */
export function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates: every order equally likely. */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = result[i];
    const b = result[j];
    if (a !== undefined && b !== undefined) {
      result[i] = b;
      result[j] = a;
    }
  }
  return result;
}

/**
 * Splits `total` over strata as evenly as their capacities allow (water-filling): every
 * stratum gets the same share until it runs out, the others take over what it cannot
 * give. A remainder that does not divide evenly goes to the strata that `prefer` most
 * (ties at random), one each.
 */
export function balancedShares(
  capacities: readonly number[],
  total: number,
  random: Random,
  prefer: readonly number[] = capacities,
): number[] {
  const shares = capacities.map(() => 0);
  let left = Math.min(
    total,
    capacities.reduce((sum, c) => sum + Math.max(0, c), 0),
  );
  while (left > 0) {
    const open = capacities.map((c, i) => i).filter((i) => (shares[i] ?? 0) < (capacities[i] ?? 0));
    const each = Math.floor(left / open.length);
    if (each === 0) {
      const order = shuffle(open, random).sort(
        (a, b) => (prefer[b] ?? 0) - (shares[b] ?? 0) - ((prefer[a] ?? 0) - (shares[a] ?? 0)),
      );
      for (const i of order.slice(0, left)) shares[i] = (shares[i] ?? 0) + 1;
      break;
    }
    for (const i of open) {
      const add = Math.min(each, (capacities[i] ?? 0) - (shares[i] ?? 0));
      shares[i] = (shares[i] ?? 0) + add;
      left -= add;
    }
  }
  return shares;
}

/** What the form drawing needs to know about a question of the bank. */
export interface BankEntry {
  id: number;
  /** The competency it assesses; null = every competency the module teaches. */
  competencyId: number | null;
  category: string | null;
}

/**
 * The bank as the form drawing sees it. A competency tag only separates questions when the
 * module teaches several competencies; with one, every question assesses it.
 */
export function asBankEntries<Q extends BankEntry>(questions: readonly Q[], competencyCount: number): Q[] {
  return competencyCount > 1 ? [...questions] : questions.map((q) => ({ ...q, competencyId: null }));
}

/** Questions grouped by competency, then by category, in a stable order. */
function strata(bank: readonly BankEntry[]): BankEntry[][][] {
  const groups = new Map<string, Map<string, BankEntry[]>>();
  for (const q of [...bank].sort((a, b) => a.id - b.id)) {
    const group = String(q.competencyId ?? "");
    const category = q.category ?? "";
    const categories = groups.get(group) ?? new Map<string, BankEntry[]>();
    categories.set(category, [...(categories.get(category) ?? []), q]);
    groups.set(group, categories);
  }
  return [...groups.values()].map((categories) => [...categories.values()]);
}

/**
 * Draws one attempt's form: `formSize` questions (or the whole bank when it is smaller),
 * shared evenly over competencies, then over categories within each; inside a category,
 * questions the learner's previous attempt did not ask come first. Returned in the order
 * the attempt shows them (shuffled).
 */
export function drawForm(
  bank: readonly BankEntry[],
  formSize: number,
  previous: ReadonlySet<number>,
  random: Random,
): number[] {
  const groups = strata(bank);
  const fresh = (qs: readonly BankEntry[]) => qs.filter((q) => !previous.has(q.id)).length;
  const groupShares = balancedShares(
    groups.map((g) => g.reduce((sum, c) => sum + c.length, 0)),
    formSize,
    random,
    groups.map((g) => g.reduce((sum, c) => sum + fresh(c), 0)),
  );
  const picked: number[] = [];
  groups.forEach((categories, g) => {
    const shares = balancedShares(
      categories.map((c) => c.length),
      groupShares[g] ?? 0,
      random,
      categories.map(fresh),
    );
    categories.forEach((questions, c) => {
      const unseen = shuffle(
        questions.filter((q) => !previous.has(q.id)),
        random,
      );
      const seen = shuffle(
        questions.filter((q) => previous.has(q.id)),
        random,
      );
      picked.push(...[...unseen, ...seen].slice(0, shares[c] ?? 0).map((q) => q.id));
    });
  });
  return shuffle(picked, random);
}

/**
 * How an attempt shows a question: its choices in a random order (true/false included, so
 * that "always the first choice" is a coin toss), matching items and options each in their
 * own random order, nothing for typed answers.
 */
export function layoutFor(question: GradableQuestion, random: Random): AttemptLayout {
  switch (question.kind) {
    case "numerical":
    case "short":
      return { choices: [] };
    case "matching":
      return {
        choices: shuffle(
          matchingLeftItems(question).map((c) => c.id),
          random,
        ),
        right: shuffle(
          matchingRightOptions(question).map((c) => c.id),
          random,
        ),
      };
    default:
      return {
        choices: shuffle(
          question.choices.map((c) => c.id),
          random,
        ),
      };
  }
}

// ---------------------------------------------------------------- the bank rule

/** A bank holds at least this many forms' worth of questions when it counts towards a certification. */
export const BANK_FORMS_REQUIRED = 2;

/**
 * Why a bank cannot serve two consecutive attempts with different questions (empty when it
 * can): for modules that count towards a certification, the bank holds at least
 * 2 × form size questions, and every competency group and category can supply its balanced
 * share of a form twice. docs/decisions/021-question-banks-and-forms.md.
 */
export function bankProblems(
  bank: readonly BankEntry[],
  formSize: number,
  competencyNames: ReadonlyMap<number, string> = new Map(),
): string[] {
  const problems: string[] = [];
  const needed = BANK_FORMS_REQUIRED * formSize;
  if (bank.length < needed) {
    problems.push(
      `The question bank holds ${bank.length} question${bank.length === 1 ? "" : "s"}; a module that counts towards a certification needs at least ${needed} (2 × the form size of ${formSize}) so that a retake asks different questions. Add ${needed - bank.length} or lower the form size.`,
    );
    return problems;
  }
  const groups = strata(bank);
  for (const categories of groups) {
    const groupSize = categories.reduce((sum, c) => sum + c.length, 0);
    const groupNeeded = Math.ceil((BANK_FORMS_REQUIRED * formSize) / groups.length - 1e-9);
    const competency = categories[0]?.[0]?.competencyId;
    if (groups.length > 1 && groupSize < groupNeeded) {
      problems.push(
        `${competency === null || competency === undefined ? "Questions without a competency tag" : `Questions tagged “${competencyNames.get(competency) ?? competency}”`}: ${groupSize}, fewer than the ${groupNeeded} that two forms take from them, balanced over ${groups.length} competencies.`,
      );
      continue;
    }
    for (const questions of categories) {
      const categoryNeeded = Math.ceil(
        (BANK_FORMS_REQUIRED * formSize) / (groups.length * categories.length) - 1e-9,
      );
      if (questions.length < categoryNeeded) {
        const name = questions[0]?.category;
        problems.push(
          `${name ? `Category “${name}”` : "The group of questions without a category"} has ${questions.length} question${questions.length === 1 ? "" : "s"}; two forms balanced over ${categories.length} categories take ${categoryNeeded} from it. Add ${categoryNeeded - questions.length} or merge categories.`,
        );
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------- reveal policy

export type RevealPolicy = "after-pass" | "never";

/**
 * Rule 11: the right answers and explanations of an attempt are shown only when it passed
 * and the module reveals after a pass; a failed attempt never shows them.
 */
export function revealsKey(policy: RevealPolicy, passed: boolean): boolean {
  return policy === "after-pass" && passed;
}

export function isChoiceKind(kind: QuestionKind): boolean {
  return kind === "single" || kind === "multiple" || kind === "truefalse";
}
