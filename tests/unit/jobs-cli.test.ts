/**
 * `npm run jobs -- --once` end to end: the seeded demo organisation, a real SMTP server on a
 * random port, the CLI in child processes (two at once, and again after a "restart").
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { and, eq, gt, isNull, lte } from "drizzle-orm";
import { certificationPrograms, certifications, outbox, users } from "#db/schema";
import { addDays } from "~/domain/time";
import { seedDemo } from "~/seed/demo.server";
import { formatDate } from "~/ui/format";
import { createTestDb, type TestDb } from "../support/db";
import { startSmtp, type TestSmtp } from "../support/smtp";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ORIGIN = "https://academy.example.test";
const now = new Date();
let t: TestDb;
let smtp: TestSmtp;

async function jobsOnce(smtpUrl: string, at: Date) {
  const { stdout } = await run(
    "npm",
    ["run", "--silent", "jobs", "--", "--once", "--now", at.toISOString()],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "test",
        DATABASE_PATH: t.file,
        SMTP_URL: smtpUrl,
        SMTP_TIMEOUT_MS: "3000",
        APP_ORIGIN: ORIGIN,
        MAIL_FROM: "Partner Academy <academy@example.test>",
      },
      timeout: 60_000,
    },
  );
  return stdout;
}

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now);
  smtp = await startSmtp();
});
after(async () => {
  t.close();
  await smtp.close();
});

describe("npm run jobs -- --once against the demo organisation", () => {
  it("with the mail server down, everything stays queued and one try is spent", async () => {
    const output = await jobsOnce("smtp://127.0.0.1:9", now);
    assert.match(output, /certification reminders queued/);
    assert.match(output, /mail server unreachable/);
    const rows = t.db.select().from(outbox).all();
    assert.ok(rows.length > 5);
    assert.ok(rows.every((r) => r.status === "pending"));
    assert.equal(rows.filter((r) => r.attempts === 1 && r.lastError).length, 1);
  });

  it("two workers at once deliver every message once; holders expiring within 30 days get one reminder", async () => {
    const later = new Date(now.getTime() + 2 * 60_000); // past the first retry's backoff
    await Promise.all([jobsOnce(smtp.url, later), jobsOnce(smtp.url, later)]);
    const queued = t.db.select().from(outbox).all();
    assert.ok(queued.every((r) => r.status === "sent"));
    assert.equal(smtp.received.length, queued.length, "each queued message arrived once");
    assert.equal(new Set(smtp.received.map((m) => m.messageId)).size, queued.length);

    const expiring = t.db
      .select({
        name: users.name,
        email: users.email,
        program: certificationPrograms.name,
        expiresAt: certifications.expiresAt,
      })
      .from(certifications)
      .innerJoin(users, eq(users.id, certifications.userId))
      .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
      .where(
        and(
          isNull(certifications.revokedAt),
          gt(certifications.expiresAt, now),
          lte(certifications.expiresAt, addDays(now, 30)),
        ),
      )
      .all();
    assert.ok(expiring.length >= 3, "the demo has holders expiring within 30 days");
    for (const holder of expiring) {
      const reminders = smtp.received.filter(
        (m) => m.to === holder.email && m.subject.includes(`${holder.program} certification expires in`),
      );
      assert.equal(reminders.length, 1, `one reminder for ${holder.name}`);
      const [mail] = reminders;
      assert.match(mail?.text ?? "", new RegExp(`Hello ${holder.name},`));
      assert.ok(mail?.text.includes(formatDate(holder.expiresAt)), "the expiry date");
      assert.ok(mail?.text.includes(`${ORIGIN}/learn`), "a link to the dashboard");
      assert.ok(mail?.html.includes(`href="${ORIGIN}/learn"`));
      assert.match(mail?.from ?? "", /Partner Academy.*<academy@example\.test>/);
    }
  });

  it("a run after a restart sends nothing new", async () => {
    const before = smtp.received.length;
    const output = await jobsOnce(smtp.url, new Date(now.getTime() + 3 * 60_000));
    assert.match(output, /0 certification reminders queued/);
    assert.match(output, /0 sent/);
    assert.equal(smtp.received.length, before);
  });
});
