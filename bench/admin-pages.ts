/**
 * The two admin scenarios of the bench alone (heatmap, people search) with the no-data floor
 * measured in the same run, on the large and the demo database (issue #19). Much shorter than
 * `npm run bench` (about 2 minutes); needs `npm run build`, data/large.db and a demo database
 * (data/bench-demo.db, left by a full bench run, or any seeded demo database).
 * `--planning` measures the two planning pages instead (issue #17: the overview with the
 * forecast and the heatmap's bench view, 8 connections as in the full bench).
 *
 *   node --import tsx bench/admin-pages.ts [--port 3302] [--duration 10] [--connections 50]
 *     [--planning] [--skip-demo]
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import BetterSqlite3 from "better-sqlite3";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3302" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    large: { type: "string", default: "data/large.db" },
    demo: { type: "string", default: "data/bench-demo.db" },
    planning: { type: "boolean", default: false },
    "skip-demo": { type: "boolean", default: false },
  },
});
type Measured = Awaited<ReturnType<typeof measure>>;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(url: string, cookie?: string, connections = Number(values.connections)) {
  const run = (duration: number) =>
    autocannon({
      url,
      connections,
      duration,
      headers: cookie ? { cookie } : {},
    });
  await run(3);
  await wait(1000);
  const r = await run(Number(values.duration));
  await wait(1000);
  return {
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p975: r.latency.p97_5,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

async function onDatabase(file: string, large: boolean): Promise<Record<string, Measured>> {
  const base = `http://127.0.0.1:${values.port}`;
  const server = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: values.port,
      HOST: "127.0.0.1",
      DATABASE_PATH: path.resolve(root, file),
      SESSION_SECRET: "bench-secret-bench-secret-bench-secret",
      SEED_DEMO: "0",
      SIGN_IN_MAX_FAILURES_PER_IP: "100000",
      // Scheduled jobs (hourly reminders over 100,000 people) would land in a timed scenario
      // at random; the bench measures pages, so they stay off.
      JOBS_SCHEDULER: "0",
      WEB_CONCURRENCY: "2",
    },
    stdio: ["ignore", "ignore", "ignore"],
  });
  try {
    for (let i = 0; i < 240; i++) {
      const up = await fetch(`${base}/healthz`).then(
        (r) => r.status < 500,
        () => false,
      );
      if (up) break;
      await wait(250);
    }
    const email = large ? "admin@bench.example.com" : "admin@example.com";
    const password = large ? "bench-password" : "academy-demo";
    const res = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
      body: new URLSearchParams({ email, password }),
    });
    const cookie = res.headers.get("set-cookie")?.split(";")[0];
    if (!cookie) throw new Error(`sign-in failed on ${file}`);
    const probe = new BetterSqlite3(file, { readonly: true });
    const name = (
      probe.prepare("select name from users order by id limit 1 offset 40").get() as { name: string }
    ).name.split(" ");
    probe.close();
    const q = `${name[0]} ${(name[name.length - 1] ?? "").slice(0, 4)}`;
    if (values.planning)
      return {
        floor: await measure(`${base}/about`, undefined, 8),
        overview: await measure(`${base}/admin`, cookie, 8),
        bench: await measure(`${base}/admin/coverage?view=bench`, cookie, 8),
      };
    return {
      floor: await measure(`${base}/about`),
      heatmap: await measure(`${base}/admin/coverage`, cookie),
      search: await measure(`${base}/admin/people?q=${encodeURIComponent(q)}`, cookie),
    };
  } finally {
    server.kill("SIGTERM");
    await wait(500);
  }
}

const large = await onDatabase(values.large!, true);
const demo = values["skip-demo"] ? null : await onDatabase(values.demo!, false);
console.log(
  "| page | large req/s | p50 ms | p97.5 ms | errors | vs floor req/s | demo p50 ms | large/demo p50 |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
const floor = large.floor?.reqPerSec ?? 1;
for (const [key, l] of Object.entries(large)) {
  const d = demo?.[key];
  console.log(
    `| ${key} | ${l.reqPerSec} | ${l.p50} | ${l.p975} | ${l.errors} | ${(l.reqPerSec / floor).toFixed(2)} | ${d?.p50 ?? "–"} | ${d ? (l.p50 / Math.max(1, d.p50)).toFixed(2) : "–"} |`,
  );
}
