/**
 * Issue #19's targets, checked against one bench run: one row per measure of the issue's
 * table (a row per page where the target is "every page"), each with what was measured, the
 * target and whether it is met. Used by bench/run.ts for the printed table and results.json.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientJs } from "./client-js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Row {
  scenario: string;
  reqPerSec: number;
  p50: number;
  p95: number;
}

export interface TargetInput {
  large: Row[];
  demo: Row[] | null;
  submission: {
    submitted: number;
    failed: number;
    recorded: number;
    p95: number;
  } | null;
  exported: { ratioToRaw: number };
  peakRssMb: number;
  clientJs: ClientJs[];
  synchronous: string;
}

export interface TargetRow {
  measure: string;
  measured: string;
  target: string;
  met: boolean;
}

const LEARNER_PAGES = ["learner dashboard", "catalog (filtered by technology)", "lesson page"];
const ADMIN_PAGES = ["admin coverage heatmap", "people search"];

/** The app's `synchronous` pragma with its default configuration (DB_SYNCHRONOUS unset). */
export function defaultSynchronous(dbFile: string): string {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_PATH: dbFile,
    SESSION_SECRET: "bench-secret-bench-secret-bench-secret",
  };
  delete env.DB_SYNCHRONOUS;
  const script =
    "const { db } = await import('./app/utils/db.server.ts');" +
    "const n = db().$client.pragma('synchronous', { simple: true });" +
    "console.log(['OFF', 'NORMAL', 'FULL', 'EXTRA'][n] ?? String(n));";
  return execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    env,
    encoding: "utf8",
  }).trim();
}

export function checkTargets(input: TargetInput): TargetRow[] {
  const by = new Map(input.large.map((r) => [r.scenario, r]));
  const demoBy = new Map((input.demo ?? []).map((r) => [r.scenario, r]));
  const floor = input.large[0]?.reqPerSec || 1;
  const rows: TargetRow[] = [];
  for (const page of LEARNER_PAGES) {
    const r = by.get(page);
    const ratio = r ? r.reqPerSec / floor : 0;
    rows.push({
      measure: `${page}, req/s vs the no-data Remix route`,
      measured: `${ratio.toFixed(2)} (${r?.reqPerSec ?? "?"} / ${floor} req/s)`,
      target: "≥ 0.70",
      met: ratio >= 0.7,
    });
  }
  for (const page of ADMIN_PAGES) {
    const r = by.get(page);
    rows.push({
      measure: `${page} p97.5`,
      measured: `${r?.p95 ?? "?"} ms`,
      target: "≤ 300 ms",
      met: r !== undefined && r.p95 <= 300,
    });
  }
  const s = input.submission;
  rows.push({
    measure: "assessment submission p95, 100 learners at once",
    measured: s
      ? `p95 ${s.p95} ms; ${s.failed} errors; ${s.submitted} accepted, ${s.recorded} recorded; synchronous=${input.synchronous}`
      : "not run",
    target: "≤ 100 ms, 0 errors, 0 lost or duplicated, synchronous=FULL default",
    met:
      s !== null &&
      s.p95 <= 100 &&
      s.failed === 0 &&
      s.recorded === s.submitted &&
      input.synchronous === "FULL",
  });
  rows.push({
    measure: "certification CSV export vs raw better-sqlite3 iteration",
    measured: `${input.exported.ratioToRaw.toFixed(2)}; peak RSS ${input.peakRssMb} MB`,
    target: "≥ 0.50, RSS ≤ 400 MB",
    met: input.exported.ratioToRaw >= 0.5 && input.peakRssMb <= 400,
  });
  if (input.demo) {
    for (const r of input.large) {
      const d = demoBy.get(r.scenario);
      if (!d || r.scenario.startsWith("(")) continue;
      const growth = r.p50 / Math.max(1, d.p50);
      rows.push({
        measure: `large/demo p50 growth: ${r.scenario}`,
        measured: `${growth.toFixed(2)} (${r.p50} / ${d.p50} ms)`,
        target: "≤ 1.2",
        met: growth <= 1.2,
      });
    }
  }
  for (const page of input.clientJs) {
    rows.push({
      measure: `client JavaScript (gzip): ${page.label}`,
      measured: `${page.gzipKb} kB (${page.files} files)`,
      target: "≤ 100 kB",
      met: page.status === 200 && page.gzipKb <= 100,
    });
  }
  return rows;
}

export function targetsTable(rows: TargetRow[]): string {
  return [
    "| measure (large dataset) | measured | target | met |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.measure} | ${r.measured} | ${r.target} | ${r.met ? "yes" : "no"} |`),
  ].join("\n");
}
