/**
 * Path to eligibility (DESIGN.md Rule 9): the smallest set of published modules, by total
 * minutes, that teaches every missing competency. Exact (dynamic programming over the
 * subsets of missing competencies) for up to 16 missing; greedy beyond that.
 */

export interface TeachingModule {
  id: number;
  minutes: number;
  competencyIds: readonly number[];
}

export interface Path<M extends TeachingModule> {
  modules: M[];
  totalMinutes: number;
  /** Missing competencies no published module teaches (e.g. field competencies). */
  untaught: number[];
}

const EXACT_LIMIT = 16;

export function pathToEligibility<M extends TeachingModule>(
  missing: readonly number[],
  modules: readonly M[],
): Path<M> {
  const taught = new Set(modules.flatMap((m) => m.competencyIds));
  const coverable = [...new Set(missing)].filter((c) => taught.has(c));
  const untaught = [...new Set(missing)].filter((c) => !taught.has(c));
  if (coverable.length === 0) return { modules: [], totalMinutes: 0, untaught };

  const bit = new Map(coverable.map((c, i) => [c, i]));
  const candidates = modules
    .map((m) => ({
      module: m,
      mask: m.competencyIds.reduce((acc, c) => (bit.has(c) ? acc | (1 << (bit.get(c) ?? 0)) : acc), 0),
    }))
    .filter((c) => c.module.competencyIds.some((id) => bit.has(id)));

  if (coverable.length > EXACT_LIMIT) return greedy(coverable, candidates, untaught);

  const full = (1 << coverable.length) - 1;
  const cost = new Array<number>(full + 1).fill(Infinity);
  const choice = new Array<{ prev: number; index: number } | undefined>(full + 1);
  cost[0] = 0;
  for (let mask = 0; mask <= full; mask++) {
    const here = cost[mask] ?? Infinity;
    if (here === Infinity) continue;
    candidates.forEach((c, index) => {
      const next = mask | c.mask;
      if (next === mask) return;
      const total = here + c.module.minutes;
      if (total < (cost[next] ?? Infinity)) {
        cost[next] = total;
        choice[next] = { prev: mask, index };
      }
    });
  }
  const picked: M[] = [];
  for (let mask = full; mask !== 0;) {
    const step = choice[mask];
    const candidate = step ? candidates[step.index] : undefined;
    if (!step || !candidate) break;
    picked.push(candidate.module);
    mask = step.prev;
  }
  picked.reverse();
  return { modules: picked, totalMinutes: cost[full] ?? 0, untaught };
}

function greedy<M extends TeachingModule>(
  coverable: number[],
  candidates: { module: M; mask: number }[],
  untaught: number[],
): Path<M> {
  const left = new Set(coverable);
  const picked: M[] = [];
  while (left.size > 0) {
    let best: M | undefined;
    let bestRatio = Infinity;
    for (const { module } of candidates) {
      const gain = module.competencyIds.filter((c) => left.has(c)).length;
      if (gain > 0 && module.minutes / gain < bestRatio) {
        bestRatio = module.minutes / gain;
        best = module;
      }
    }
    if (!best) break;
    picked.push(best);
    for (const c of best.competencyIds) left.delete(c);
  }
  return { modules: picked, totalMinutes: picked.reduce((s, m) => s + m.minutes, 0), untaught };
}
