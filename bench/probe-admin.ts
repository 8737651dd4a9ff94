/**
 * In-process timing of the two admin read models the bench finds slowest (issue #19): the
 * coverage heatmap (`getCoverage` with the loader's default filters) and people search
 * (`listPeople` with what an admin types), on the large and the demo database, in the same
 * process so the ratios are comparable on a loaded machine.
 *
 *   node --import tsx bench/probe-admin.ts [data/large.db] [data/bench-demo.db] [rounds]
 */
import { openDatabase, type Database } from "#db/client.server";
import { coverageFacets, getCoverage } from "~/models/coverage.server";
import { listPeople } from "~/models/people.server";
import { timeInProcess } from "./in-process";

const [largeFile = "data/large.db", demoFile = "data/bench-demo.db", roundsArg = "40"] =
  process.argv.slice(2);
const rounds = Number(roundsArg);

function defaultFilters(db: Database) {
  const facets = coverageFacets(db);
  return {
    region: facets.territoryCount > 40 ? facets.regions[0] : undefined,
    businessUnit: facets.technologyCount > 12 ? facets.businessUnits[0]?.slug : undefined,
  };
}

function searchName(db: Database): string {
  const row = db.$client.prepare("select name from users order by id limit 1 offset 40").get() as {
    name: string;
  };
  const parts = row.name.split(" ");
  return `${parts[0]} ${(parts[parts.length - 1] ?? "").slice(0, 4)}`;
}

const time = (work: () => unknown) => timeInProcess(work, rounds);

const out: Record<string, Record<string, { p50: number; p975: number }>> = {};
for (const [label, file] of [
  ["large", largeFile],
  ["demo", demoFile],
] as const) {
  const db = openDatabase(file, { readonly: true });
  const now = new Date();
  const filters = defaultFilters(db);
  const q = searchName(db);
  out[label] = {
    heatmap: time(() => getCoverage(db, filters, now)),
    "heatmap, all territories": time(() => getCoverage(db, {}, now)),
    "people search": time(() => listPeople(db, { q, page: 1 }, now)),
  };
  db.$client.close();
}
for (const scenario of Object.keys(out.large!)) {
  const l = out.large![scenario]!;
  const d = out.demo![scenario]!;
  console.log(
    `${scenario.padEnd(26)} large p50 ${l.p50.toFixed(2)} ms p97.5 ${l.p975.toFixed(2)} ms | demo p50 ${d.p50.toFixed(2)} ms | large/demo p50 ${(l.p50 / d.p50).toFixed(2)}`,
  );
}
