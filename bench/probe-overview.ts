/**
 * Times the admin overview's parts in process on the large database (issue #17). Medians of
 * 15 rounds, ms. Run it bundled like the server is (tsx's keepNames adds a call per closure):
 *
 *   npx esbuild bench/probe-overview.ts --bundle --platform=node --format=esm \
 *     --outfile=build/probe-overview.mjs --external:better-sqlite3 \
 *     "--banner:js=import {createRequire} from 'module'; const require = createRequire(import.meta.url);"
 *   node build/probe-overview.mjs [data/large.db]
 */
import { openDatabase } from "#db/client.server";
import { listAssignmentsIn } from "~/models/assignments.server";
import { benchByCell } from "~/models/bench.server";
import { coverageSlice, summarizeCoverage } from "~/models/coverage.server";
import { renewalCounts } from "~/models/digest.server";
import { forecastOf } from "~/models/forecast.server";
import { getAdminOverview } from "~/models/admin-overview.server";
import { listMajorRevisions } from "~/models/recertification.server";
import { getSeatCaps, peopleOverCap } from "~/models/seat-caps.server";
import { forgetStableReads } from "~/models/stable-read.server";
import { timeInProcess } from "./in-process";

const db = openDatabase(process.argv[2] ?? "data/large.db", { readonly: true });
const now = new Date();

function time(label: string, work: () => unknown) {
  console.log(label.padEnd(34), timeInProcess(work, 15).p50.toFixed(1));
}

const slice = coverageSlice(db, {}, now);
time("getAdminOverview, nothing reused", () => {
  forgetStableReads(db);
  getAdminOverview(db, now);
});
time("getAdminOverview, reads reused", () => getAdminOverview(db, now));
time("  coverageSlice (all cells)", () => coverageSlice(db, {}, now));
time("  summarizeCoverage", () => summarizeCoverage(slice, now));
time("  forecastOf", () => forecastOf(slice, now));
time("  listAssignmentsIn lapsed", () => listAssignmentsIn(db, "lapsed", now, 8));
time("  listAssignmentsIn in-grace", () => listAssignmentsIn(db, "in-grace", now, 8));
time("  renewalCounts", () => renewalCounts(db, now, false));
time("  listMajorRevisions", () => listMajorRevisions(db, now, 5));
time("peopleOverCap", () => peopleOverCap(db, getSeatCaps(db), 5));
time("benchByCell (25 × 10 cells)", () =>
  benchByCell(
    db,
    slice.territories.slice(0, 25).map((t) => t.id),
    slice.technologies.slice(0, 10).map((t) => t.id),
    now,
  ),
);
