/**
 * `npm run jobs -- --once`: runs every job now (reminders, digest, mail delivery), prints
 * what each did and exits — for deployments that schedule with cron.
 * `npm run jobs`: runs due jobs every JOBS_TICK_SECONDS until stopped (a worker process).
 *
 * Options: `--job <name>` (repeatable) runs only those; `--now <ISO date>` runs them as of
 * another moment (drills and tests: a reminder due then is sent now).
 */
import { parseArgs } from "node:util";
import { migrateDatabase } from "#db/client.server";
import { JOBS } from "~/jobs/registry.server";
import { describeRun, jobContext, runJobs, startScheduler } from "~/jobs/runner.server";
import { closeDb, db } from "~/utils/db.server";
import { env } from "~/utils/env.server";

const { values } = parseArgs({
  options: {
    once: { type: "boolean", default: false },
    job: { type: "string", multiple: true },
    now: { type: "string" },
  },
});

const unknown = (values.job ?? []).filter((name) => !JOBS.some((j) => j.name === name));
if (unknown.length > 0) {
  console.error(`Unknown job ${unknown.join(", ")}. Jobs: ${JOBS.map((j) => j.name).join(", ")}.`);
  process.exit(2);
}
const fixedNow = values.now === undefined ? undefined : new Date(values.now);
if (fixedNow && Number.isNaN(fixedNow.getTime())) {
  console.error(`--now must be an ISO date, e.g. 2027-01-31T08:00:00Z (got ${values.now}).`);
  process.exit(2);
}
const log = (line: string) => console.log(`[academy] ${line}`);

migrateDatabase(db());
if (values.once) {
  const results = await runJobs(jobContext(db(), fixedNow ?? new Date()), {
    dueOnly: false,
    ...(values.job ? { only: values.job } : {}),
  });
  describeRun(results, true).forEach(log);
  closeDb();
  process.exit(results.some((r) => r.error) ? 1 : 0);
} else {
  log(`running due jobs every ${env().JOBS_TICK_SECONDS} s (Ctrl-C to stop)`);
  const stop = startScheduler(() => jobContext(db(), fixedNow ?? new Date()), env().JOBS_TICK_SECONDS, log);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void stop().then(() => {
        closeDb();
        process.exit(0);
      });
    });
  }
}
