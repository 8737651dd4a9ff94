/**
 * `npm run bench [-- --db data/large.db --connections 50 --duration 10 --warmup 3]`
 *
 * Starts, in one run: a bare node:http server, and the production app on the large
 * dataset (its /about route, with no loader, is the framework's floor); measures each
 * scenario with autocannon and reports req/s, latency percentiles, errors and the ratio to
 * both baselines. Then the same read scenarios on a freshly seeded demo database, to show
 * how cost grows with data. Writes bench/results.json and prints a Markdown table.
 * Only loopback addresses are used.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import BetterSqlite3 from "better-sqlite3";
import { learnerPagesClientJs } from "./client-js";
import { checkTargets, defaultSynchronous, targetsTable } from "./targets";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    db: { type: "string", default: "data/large.db" },
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    submitters: { type: "string", default: "100" },
    rounds: { type: "string", default: "5" },
    "skip-demo": { type: "boolean", default: false },
    workers: { type: "string", default: "2" },
  },
});
const CONNECTIONS = Number(values.connections);
const DURATION = Number(values.duration);
const WARMUP = Number(values.warmup);
const SUBMITTERS = Number(values.submitters);
const ROUNDS = Number(values.rounds);
const LARGE_DB = path.resolve(root, values.db ?? "data/large.db");
const HOST = "127.0.0.1";

interface Measured {
  scenario: string;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function wait(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitForHttp(url: string, timeoutMs = 60_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await wait(250);
  }
  throw new Error(`${url} did not come up`);
}

function startProcess(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The request log goes to stdout: drained, or a full pipe stalls and then crashes the server.
  child.stdout?.resume();
  child.stderr?.on("data", (d: Buffer) => {
    const text = d.toString();
    if (/error/i.test(text)) process.stderr.write(`[server] ${text}`);
  });
  return child;
}

function peakRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/** Waits until the server has drained the previous scenario's queued requests. */
async function settle(base: string) {
  for (let i = 0; i < 120; i++) {
    const t0 = performance.now();
    try {
      await fetch(`${base}/healthz`);
    } catch {
      // keep waiting
    }
    if (performance.now() - t0 < 15) return;
    await wait(250);
  }
}

async function cannon(
  scenario: string,
  url: string,
  opts: { cookie?: string; connections?: number; duration?: number; form?: string } = {},
): Promise<Measured> {
  // A form post (the what-if preview) carries its origin, as a browser does.
  const post = opts.form
    ? {
        method: "POST" as const,
        body: opts.form,
        headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(url).origin },
      }
    : { headers: {} };
  const run = (duration: number) =>
    autocannon({
      url,
      connections: opts.connections ?? CONNECTIONS,
      duration,
      ...post,
      headers: { ...post.headers, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    });
  if (WARMUP > 0) {
    await run(WARMUP);
    await settle(new URL(url).origin);
  }
  const r = await run(opts.duration ?? DURATION);
  await settle(new URL(url).origin);
  return {
    scenario,
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p95: r.latency.p97_5,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`sign-in failed for ${email}: ${res.status}`);
  return cookie;
}

/** 100 distinct learners each start an attempt and submit real answers, all at once, per round. */
async function submissions(
  base: string,
  dbFile: string,
  cookies: string[],
  learnerIds: number[],
  moduleSlug: string,
) {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  const correctOf = db.prepare("select is_correct as c from choices where id = ?");
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const since = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    // Prepare: each learner opens an attempt and reads its form (not timed).
    const forms = await Promise.all(
      cookies.map(async (cookie) => {
        const start = await fetch(`${base}/learn/modules/${moduleSlug}`, {
          method: "POST",
          redirect: "manual",
          headers: { cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: base },
          body: "intent=start-attempt",
        });
        const location = start.headers.get("location") ?? "";
        const page = await (await fetch(`${base}${location}`, { headers: { cookie } })).text();
        const answers = new URLSearchParams();
        const seen = new Set<string>();
        for (const m of page.matchAll(/name="(q\d+)" value="(\d+)"/g)) {
          const [, question, choice] = m;
          if (!question || !choice || seen.has(question)) continue;
          if ((correctOf.get(Number(choice)) as { c: number } | undefined)?.c) {
            answers.set(question, choice);
            seen.add(question);
          }
        }
        return { cookie, location, body: answers.toString() };
      }),
    );
    // Timed: every submission fired together.
    await Promise.all(
      forms.map(async (f) => {
        const t0 = performance.now();
        const res = await fetch(`${base}${f.location}`, {
          method: "POST",
          redirect: "manual",
          headers: { cookie: f.cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: base },
          body: f.body,
        });
        latencies.push(performance.now() - t0);
        if (res.status === 302 || res.status === 303 || res.status === 204) ok++;
        else failed++;
      }),
    );
  }
  const recorded = Number(
    (
      db
        .prepare(
          `select count(*) as n from attempts where user_id in (${learnerIds.join(",")}) and submitted_at >= ?`,
        )
        .get(since) as { n: number }
    ).n,
  );
  db.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0);
  return { submitted: ok, failed, recorded, p50: pct(50), p95: pct(95), p99: pct(99) };
}

/** CSV export throughput vs raw better-sqlite3 iteration over the same rows. */
async function exportThroughput(base: string, cookie: string, dbFile: string) {
  const t0 = performance.now();
  const res = await fetch(`${base}/admin/reports/certifications.csv`, { headers: { cookie } });
  const text = await res.text();
  const seconds = (performance.now() - t0) / 1000;
  const rows = text.split("\r\n").length - 2;
  const db = new BetterSqlite3(dbFile, { readonly: true });
  const r0 = performance.now();
  let raw = 0;
  for (const _row of db
    .prepare(
      `select c.user_id, c.program_id, c.credential_id, c.issued_at, c.expires_at, c.revoked_at, u.name, u.email, t.name, te.name, p.name, p.level
       from certifications c join users u on u.id = c.user_id left join territories t on t.id = u.territory_id
       join certification_programs p on p.id = c.program_id join technologies te on te.id = p.technology_id order by c.user_id`,
    )
    .iterate())
    raw++;
  const rawSeconds = (performance.now() - r0) / 1000;
  db.close();
  return {
    rows,
    rowsPerSec: Math.round(rows / seconds),
    rawRowsPerSec: Math.round(raw / rawSeconds),
    ratioToRaw: Math.round((raw / rawSeconds === 0 ? 0 : rows / seconds / (raw / rawSeconds)) * 100) / 100,
  };
}

/** Client JS of each learner page, including an attempt's page (one the learner opens now). */
async function learnerClientJs(
  base: string,
  cookie: string,
  lesson: { slug: string; position: number },
  dbFile: string,
) {
  const probe = new BetterSqlite3(dbFile, { readonly: true });
  const credential = probe
    .prepare(
      "select c.credential_id as id from certifications c join users u on u.id = c.user_id where u.email = 'learner1@bench.example.com' limit 1",
    )
    .get() as { id: string } | undefined;
  probe.close();
  const start = await fetch(`${base}/learn/modules/${lesson.slug}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: "intent=start-attempt",
  });
  const pages = [
    { label: "learner dashboard", path: "/learn" },
    { label: "catalog", path: "/learn/catalog" },
    { label: "module page", path: `/learn/modules/${lesson.slug}` },
    { label: "lesson page", path: `/learn/modules/${lesson.slug}/lessons/${lesson.position}` },
    { label: "attempt page", path: start.headers.get("location") ?? "/learn/attempts/0" },
    { label: "certificates", path: "/learn/certificates" },
    ...(credential ? [{ label: "certificate", path: `/learn/certificates/${credential.id}` }] : []),
    { label: "notifications", path: "/notifications" },
  ];
  return learnerPagesClientJs(base, cookie, pages);
}

async function runOnDatabase(label: string, dbFile: string, port: number, seedDemo: boolean) {
  const base = `http://${HOST}:${port}`;
  const server = startProcess(process.execPath, ["--import", "tsx", "app/server.ts"], {
    NODE_ENV: "production",
    PORT: String(port),
    HOST,
    DATABASE_PATH: dbFile,
    SESSION_SECRET: "bench-secret-bench-secret-bench-secret",
    SEED_DEMO: seedDemo ? "1" : "0",
    SIGN_IN_MAX_FAILURES_PER_IP: "100000",
    // Scheduled jobs (hourly reminders over 100,000 people) would land in a timed scenario
    // at random; the bench measures pages, so they stay off.
    JOBS_SCHEDULER: "0",
    WEB_CONCURRENCY: values.workers ?? "1",
  });
  await waitForHttp(`${base}/healthz`, 120_000);
  const large = !seedDemo;
  const password = large ? "bench-password" : "academy-demo";
  const domain = large ? "bench.example.com" : "example.com";
  const learnerCookie = await signIn(base, large ? `learner1@${domain}` : `learner@${domain}`, password);
  const adminCookie = await signIn(base, `admin@${domain}`, password);
  const probe = new BetterSqlite3(dbFile, { readonly: true });
  const tech = (probe.prepare("select slug from technologies order by id limit 1").get() as { slug: string })
    .slug;
  const lesson = probe
    .prepare(
      "select m.slug as slug, l.position as position from modules m join lessons l on l.module_version_id = m.published_version_id where m.archived_at is null order by m.id, l.position limit 1 offset 1",
    )
    .get() as { slug: string; position: number };
  const personId = (
    probe.prepare("select id from users order by id limit 1 offset 40").get() as { id: number }
  ).id;
  // What an admin types: a first name and the start of a surname.
  const fullName = (
    probe.prepare("select name from users where id = ?").get(personId) as { name: string }
  ).name.split(" ");
  const searchName = `${fullName[0]} ${(fullName[fullName.length - 1] ?? "").slice(0, 4)}`;
  // The what-if (issue #17): the first specialist program gains its lead program's requirements.
  const whatIf = probe
    .prepare(
      `select p.id as programId, p.validity_months as validityMonths,
        (select group_concat(competency_id) from program_requirements r
          where r.program_id = p.id or r.program_id = (select id from certification_programs l
            where l.technology_id = p.technology_id and l.level = 'lead')) as requirementIds
      from certification_programs p where p.level = 'specialist' order by p.id limit 1`,
    )
    .get() as { programId: number; validityMonths: number; requirementIds: string };
  const whatIfForm = new URLSearchParams([
    ["intent", "preview"],
    ["programId", String(whatIf.programId)],
    ["validityMonths", String(whatIf.validityMonths)],
    ...whatIf.requirementIds.split(",").map((id) => ["requirementIds", id]),
  ]).toString();
  probe.close();

  const results: Measured[] = [];
  results.push(await cannon("floor: Remix route, no data (/about)", `${base}/about`));
  results.push(await cannon("learner dashboard", `${base}/learn`, { cookie: learnerCookie }));
  results.push(
    await cannon("catalog (filtered by technology)", `${base}/learn/catalog?technology=${tech}`, {
      cookie: learnerCookie,
    }),
  );
  results.push(
    await cannon("lesson page", `${base}/learn/modules/${lesson.slug}/lessons/${lesson.position}`, {
      cookie: learnerCookie,
    }),
  );
  results.push(await cannon("admin coverage heatmap", `${base}/admin/coverage`, { cookie: adminCookie }));
  results.push(
    await cannon("people search", `${base}/admin/people?q=${encodeURIComponent(searchName)}`, {
      cookie: adminCookie,
    }),
  );
  results.push(await cannon("person record", `${base}/admin/people/${personId}`, { cookie: adminCookie }));
  // Coverage planning (issue #17), target p97.5 ≤ 500 ms at 8 connections.
  const planning = { cookie: adminCookie, connections: 8 };
  results.push(await cannon("planning: overview with the forecast (8 conn.)", `${base}/admin`, planning));
  results.push(
    await cannon("planning: heatmap bench view (8 conn.)", `${base}/admin/coverage?view=bench`, planning),
  );
  results.push(
    await cannon(
      "planning: what-if preview (8 conn.)",
      `${base}/admin/programs?_data=routes%2Fadmin.programs`,
      {
        ...planning,
        form: whatIfForm,
      },
    ),
  );

  // Learner latency while the heatmap is hammered, against the same learner load alone.
  results.push(
    await cannon("learner dashboard, half the connections, alone", `${base}/learn`, {
      cookie: learnerCookie,
      connections: Math.ceil(CONNECTIONS / 2),
    }),
  );
  const [learnerUnderLoad] = await Promise.all([
    cannon("learner dashboard while heatmap is hammered", `${base}/learn`, {
      cookie: learnerCookie,
      connections: Math.ceil(CONNECTIONS / 2),
    }),
    cannon("(heatmap load)", `${base}/admin/coverage`, {
      cookie: adminCookie,
      connections: Math.ceil(CONNECTIONS / 2),
    }),
  ]);
  results.push(learnerUnderLoad);

  let submission: Awaited<ReturnType<typeof submissions>> | null = null;
  if (large) {
    const ids = Array.from({ length: SUBMITTERS }, (_, i) => i + 1);
    const cookies: string[] = [];
    for (const i of ids) cookies.push(await signIn(base, `learner${i}@${domain}`, password));
    const idsInDb = new BetterSqlite3(dbFile, { readonly: true });
    const learnerIds = ids.map(
      (i) =>
        (
          idsInDb.prepare("select id from users where email = ?").get(`learner${i}@${domain}`) as {
            id: number;
          }
        ).id,
    );
    const slug = (idsInDb.prepare("select slug from modules order by id limit 1").get() as { slug: string })
      .slug;
    idsInDb.close();
    submission = await submissions(base, dbFile, cookies, learnerIds, slug);
  }
  const exported = await exportThroughput(base, adminCookie, dbFile);
  const clientJs = large ? await learnerClientJs(base, learnerCookie, lesson, dbFile) : [];
  const peak = peakRssMb(server.pid);
  server.kill("SIGTERM");
  await wait(500);
  return { label, results, submission, exported, peakRssMb: peak, clientJs };
}

async function main() {
  if (!fs.existsSync(LARGE_DB)) {
    console.error(`No large database at ${LARGE_DB}. Run: npm run seed:large`);
    process.exit(1);
  }
  if (!fs.existsSync(path.join(root, "build/index.js"))) {
    console.error("No production build. Run: npm run build");
    process.exit(1);
  }
  const hello = startProcess(process.execPath, ["bench/hello.mjs"], { PORT: "3301" });
  await waitForHttp(`http://${HOST}:3301/`);
  const bare = await cannon("baseline: bare node:http", `http://${HOST}:3301/`);
  hello.kill("SIGTERM");

  const largeRun = await runOnDatabase("large", LARGE_DB, 3302, false);
  let demoRun: Awaited<ReturnType<typeof runOnDatabase>> | null = null;
  if (!values["skip-demo"]) {
    const demoDb = path.join(root, "data/bench-demo.db");
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(demoDb + suffix, { force: true });
    demoRun = await runOnDatabase("demo", demoDb, 3303, true);
  }

  const floor = largeRun.results[0]?.reqPerSec ?? 1;
  const demoBy = new Map((demoRun?.results ?? []).map((r) => [r.scenario, r]));
  const lines = [
    `| scenario | req/s | p50 ms | p97.5 ms | p99 ms | errors | vs node:http | vs Remix floor | demo p50 ms | large/demo p50 |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    `| ${bare.scenario} | ${bare.reqPerSec} | ${bare.p50} | ${bare.p95} | ${bare.p99} | ${bare.errors} | 1.00 | | | |`,
    ...largeRun.results.map((r) => {
      const demo = demoBy.get(r.scenario);
      return `| ${r.scenario} | ${r.reqPerSec} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors + r.non2xx} | ${(r.reqPerSec / bare.reqPerSec).toFixed(3)} | ${(r.reqPerSec / floor).toFixed(2)} | ${demo?.p50 ?? ""} | ${demo ? (r.p50 / Math.max(1, demo.p50)).toFixed(2) : ""} |`;
    }),
  ];
  const summary = [
    "",
    largeRun.submission
      ? `Assessment submission (${SUBMITTERS} learners at once × ${ROUNDS} rounds): ${largeRun.submission.submitted} accepted, ${largeRun.submission.failed} failed, ${largeRun.submission.recorded} attempts recorded; p50 ${largeRun.submission.p50} ms, p95 ${largeRun.submission.p95} ms, p99 ${largeRun.submission.p99} ms.`
      : "",
    `CSV export (certification status, large): ${largeRun.exported.rows} rows at ${largeRun.exported.rowsPerSec} rows/s; raw better-sqlite3 iteration ${largeRun.exported.rawRowsPerSec} rows/s; ratio ${largeRun.exported.ratioToRaw}.`,
    `Peak RSS of the app server: large ${largeRun.peakRssMb} MB${demoRun ? `, demo ${demoRun.peakRssMb} MB` : ""}.`,
  ];
  const targets = checkTargets({
    large: largeRun.results,
    demo: demoRun?.results ?? null,
    submission: largeRun.submission,
    exported: largeRun.exported,
    peakRssMb: largeRun.peakRssMb,
    clientJs: largeRun.clientJs,
    synchronous: defaultSynchronous(LARGE_DB),
  });
  const output = {
    machine: {
      cpus: (await import("node:os")).cpus().length,
      node: process.version,
      at: new Date().toISOString(),
    },
    settings: { connections: CONNECTIONS, duration: DURATION, warmup: WARMUP },
    baseline: bare,
    large: largeRun,
    demo: demoRun,
    targets,
  };
  fs.mkdirSync(path.join(root, "bench"), { recursive: true });
  fs.writeFileSync(path.join(root, "bench/results.json"), JSON.stringify(output, null, 2));
  console.log(lines.join("\n"));
  console.log(summary.join("\n"));
  console.log(`\nAgainst the targets (issue #19):\n\n${targetsTable(targets)}`);
}

await main();
