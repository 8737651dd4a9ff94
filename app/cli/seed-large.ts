/**
 * `npm run seed:large [-- --users 100000 --attempts 1000000 … --out data/large.db]`
 * Generates the large-vendor dataset into its own database file for the benchmark.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { LARGE_DEFAULTS, LARGE_PASSWORD, seedLarge } from "~/seed/large.server";

const numbers = Object.keys(LARGE_DEFAULTS) as (keyof typeof LARGE_DEFAULTS)[];
const { values } = parseArgs({
  options: {
    out: { type: "string", default: "data/large.db" },
    content: { type: "string", default: "content" },
    ...Object.fromEntries(numbers.map((k) => [k, { type: "string" as const }])),
  },
});

function count(key: keyof typeof LARGE_DEFAULTS): number {
  const raw = (values as Record<string, string | undefined>)[key];
  if (raw === undefined) return LARGE_DEFAULTS[key];
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`--${key} must be a positive whole number (got ${raw})`);
    process.exit(2);
  }
  return n;
}

const started = Date.now();
let lastLabel = "";
const bar = (label: string, done: number, total: number) => {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  const line = `${label.padEnd(18)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.round(
    (done / Math.max(1, total)) * 100,
  )
    .toString()
    .padStart(3)}%  ${((Date.now() - started) / 1000).toFixed(0)}s`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else if (label !== lastLabel || done === total) process.stderr.write(`${line}\n`);
  if (process.stderr.isTTY && done === total) process.stderr.write("\n");
  lastLabel = label;
};

const options = Object.fromEntries(numbers.map((k) => [k, count(k)])) as typeof LARGE_DEFAULTS;
const file = path.resolve(values.out ?? "data/large.db");
const result = await seedLarge({
  ...options,
  file,
  contentDir: path.resolve(values.content ?? "content"),
  now: new Date(),
  progress: bar,
});
console.log(`\nGenerated ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
for (const [table, n] of Object.entries(result.counts))
  console.log(`  ${table.padEnd(24)} ${n.toLocaleString("en-GB")}`);
console.log(
  `Every account's password: ${LARGE_PASSWORD} (admin@bench.example.com, trainer@bench.example.com, learner1@bench.example.com …)`,
);
