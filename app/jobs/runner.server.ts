/**
 * Running jobs: `runJobs` runs them (all, or only those due by their interval) and records
 * each run in `job_runs`; `startScheduler` calls it every few seconds in one process (the
 * primary under WEB_CONCURRENCY > 1), never two runs at once in that process.
 */
import { eq } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { jobRuns } from "#db/schema";
import { env, mailFrom, publicOrigin, type Env } from "~/utils/env.server";
import { JOBS, type Job, type JobContext } from "./registry.server";

/** The context every job runs in, from the configuration (SMTP_URL, MAIL_FROM, APP_ORIGIN …). */
export function jobContext(db: Database, now: Date, config: Env = env()): JobContext {
  const origin = publicOrigin(config);
  return {
    db,
    now,
    origin,
    mail: { smtpUrl: config.SMTP_URL, from: mailFrom(config), timeoutMs: config.SMTP_TIMEOUT_MS, origin },
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
  };
}

export interface JobRunResult {
  name: string;
  summary: string;
  didSomething: boolean;
  error?: string;
}

export function isDue(job: Job, lastStartedAt: Date | undefined, now: Date): boolean {
  return !lastStartedAt || now.getTime() - lastStartedAt.getTime() >= job.everyMinutes * 60_000;
}

function lastStarted(db: Database, name: string): Date | undefined {
  return db.select().from(jobRuns).where(eq(jobRuns.name, name)).get()?.lastStartedAt;
}

function record(
  db: Database,
  name: string,
  values: Partial<typeof jobRuns.$inferInsert> & { lastStartedAt: Date },
) {
  writeTransaction(db, (tx) =>
    tx
      .insert(jobRuns)
      .values({ name, ...values })
      .onConflictDoUpdate({ target: jobRuns.name, set: values })
      .run(),
  );
}

/**
 * Runs the jobs in order. `dueOnly`: skip those that ran within their interval (the
 * scheduler); otherwise run them all (`npm run jobs -- --once`: each job sends only what is
 * due anyway). A failing job is recorded and the next one still runs.
 */
export async function runJobs(
  context: JobContext,
  options: { dueOnly: boolean; only?: readonly string[] },
): Promise<JobRunResult[]> {
  const results: JobRunResult[] = [];
  for (const job of JOBS) {
    if (options.only && !options.only.includes(job.name)) continue;
    if (options.dueOnly && !isDue(job, lastStarted(context.db, job.name), context.now)) continue;
    const startedAt = context.now;
    record(context.db, job.name, { lastStartedAt: startedAt, lastFinishedAt: null });
    try {
      const outcome = await job.run(context);
      record(context.db, job.name, {
        lastStartedAt: startedAt,
        lastFinishedAt: new Date(),
        lastSummary: outcome.summary,
        lastError: null,
      });
      results.push({ name: job.name, ...outcome });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      record(context.db, job.name, {
        lastStartedAt: startedAt,
        lastFinishedAt: new Date(),
        lastSummary: null,
        lastError: message.slice(0, 1000),
      });
      results.push({ name: job.name, summary: "failed", didSomething: false, error: message });
    }
  }
  return results;
}

export function describeRun(results: readonly JobRunResult[], all = false): string[] {
  return results
    .filter((r) => all || r.didSomething || r.error)
    .map((r) => `job ${r.name}: ${r.error ? `failed: ${r.error}` : r.summary}`);
}

/** The job runs for the admin page, in registry order. */
export function jobStatus(db: Database) {
  const runs = new Map(
    db
      .select()
      .from(jobRuns)
      .all()
      .map((r) => [r.name, r]),
  );
  return JOBS.map((job) => ({
    name: job.name,
    description: job.description,
    everyMinutes: job.everyMinutes,
    lastRun: runs.get(job.name) ?? null,
  }));
}

/**
 * Runs due jobs every `tickSeconds` (and once shortly after start). Returns a stop function
 * that waits for a run in progress to finish.
 */
export function startScheduler(
  context: () => JobContext,
  tickSeconds: number,
  log: (line: string) => void,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = runJobs(context(), { dueOnly: true })
      .then((results) => describeRun(results).forEach(log))
      .catch((error: unknown) => log(`jobs: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(tick, 1_000);
  const timer = setInterval(tick, tickSeconds * 1000);
  timer.unref();
  first.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
