import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { openDatabase, writeTransaction, type Database } from "#db/client.server";
import { notifications, outbox } from "#db/schema";
import { addDays } from "~/domain/time";
import { deliverOutbox } from "~/jobs/deliver.server";
import { classifyMailError, type MailSettings } from "~/jobs/email.server";
import { invitePerson } from "~/models/invitations.server";
import { sendToPerson } from "~/models/messages.server";
import { claimDue, LEASE_MS, retryDelayMs } from "~/models/outbox.server";
import { listNotifications, markAllRead, markNotification, unreadCount } from "~/models/notifications.server";
import { createUser } from "~/models/users.server";
import { createTestDb, type TestDb } from "../support/db";
import { startSmtp, type TestSmtp } from "../support/smtp";

const now = new Date("2026-12-01T08:00:00Z");
let t: TestDb;
let smtp: TestSmtp;
let people: { id: number; email: string }[];

const mail = (url: string | undefined): MailSettings => ({
  smtpUrl: url,
  from: "Partner Academy <academy@example.com>",
  timeoutMs: 2_000,
  origin: "https://academy.example.com",
});

function queue(db: Database, key: string, person = people[0]) {
  assert.ok(person);
  return writeTransaction(db, (tx) =>
    sendToPerson(
      tx,
      person,
      {
        key,
        topic: "test",
        content: { subject: `Subject ${key}`, greeting: "Hello,", paragraphs: ["Body."] },
        summary: "One line.",
        path: "/learn",
      },
      now,
    ),
  );
}

before(async () => {
  t = createTestDb();
  smtp = await startSmtp();
  people = ["ana", "ben", "cleo"].map((n) => {
    const email = `${n}@example.com`;
    return { id: createUser(t.db, { email, name: n, roles: ["learner"] }, null, now), email };
  });
});
after(async () => {
  t.close();
  await smtp.close();
});
beforeEach(() => {
  t.db.delete(outbox).run();
  t.db.delete(notifications).run();
  smtp.received.length = 0;
  smtp.refuseWith = null;
});

describe("the outbox", () => {
  it("keeps one message per key, with its in-app notification, whatever the repeats", () => {
    assert.equal(queue(t.db, "k1"), true);
    assert.equal(queue(t.db, "k1"), false, "the same key is refused by the unique index");
    assert.equal(t.db.select().from(outbox).all().length, 1);
    assert.equal(t.db.select().from(notifications).all().length, 1);
  });

  it("delivers through SMTP once, with text, simple HTML and a stable Message-ID", async () => {
    queue(t.db, "k2");
    const first = await deliverOutbox(t.db, now, mail(smtp.url), 5);
    assert.deepEqual(first, { sent: 1, retrying: 0, failed: 0 });
    const second = await deliverOutbox(t.db, addDays(now, 1), mail(smtp.url), 5);
    assert.equal(second.sent, 0, "nothing is sent twice");
    assert.equal(smtp.received.length, 1);
    const [m] = smtp.received;
    assert.equal(m?.to, "ana@example.com");
    assert.equal(m?.subject, "Subject k2");
    assert.match(m?.text ?? "", /Body\./);
    assert.match(m?.html ?? "", /<p>Body\.<\/p>/);
    assert.doesNotMatch(m?.html ?? "", /<img/i, "no tracking pixel");
    assert.match(m?.messageId ?? "", /@academy\.example\.com>$/);
    assert.equal(t.db.select().from(outbox).get()?.status, "sent");
  });

  it("without SMTP_URL nothing is tried and everything stays queued", async () => {
    queue(t.db, "k3");
    const result = await deliverOutbox(t.db, now, mail(undefined), 5);
    assert.equal(result.skipped, "mail is not configured (SMTP_URL)");
    const row = t.db.select().from(outbox).get();
    assert.equal(row?.status, "pending");
    assert.equal(row?.attempts, 0);
  });

  it("a 4xx reply is retried after a backoff; the last try marks it failed with the error", async () => {
    queue(t.db, "k4");
    smtp.refuseWith = 451;
    await deliverOutbox(t.db, now, mail(smtp.url), 2);
    let row = t.db.select().from(outbox).get();
    assert.equal(row?.status, "pending");
    assert.equal(row?.attempts, 1);
    assert.equal(row?.nextAttemptAt.getTime(), now.getTime() + retryDelayMs(1));
    assert.match(row?.lastError ?? "", /451/);
    const early = await deliverOutbox(t.db, new Date(now.getTime() + 30_000), mail(smtp.url), 2);
    assert.equal(early.retrying + early.sent + early.failed, 0, "not before the backoff");
    await deliverOutbox(t.db, new Date(now.getTime() + retryDelayMs(1)), mail(smtp.url), 2);
    row = t.db.select().from(outbox).get();
    assert.equal(row?.status, "failed", "two tries were allowed");
    assert.equal(smtp.received.length, 0);
  });

  it("a 5xx reply fails at once; an unreachable server leaves messages queued, one try spent", async () => {
    queue(t.db, "k5");
    smtp.refuseWith = 550;
    assert.equal((await deliverOutbox(t.db, now, mail(smtp.url), 5)).failed, 1);
    queue(t.db, "k6");
    queue(t.db, "k7");
    const down = await deliverOutbox(t.db, now, mail("smtp://127.0.0.1:9"), 5);
    assert.match(down.skipped ?? "", /unreachable/);
    const rows = t.db.select().from(outbox).where(eq(outbox.status, "pending")).all();
    assert.deepEqual(rows.map((r) => r.attempts).sort(), [0, 1], "the untried one was handed back");
  });

  it("classifies errors: network and 4xx retry, 5xx and a refused envelope do not", () => {
    assert.equal(classifyMailError({ code: "ESOCKET" }).transient, true);
    assert.equal(classifyMailError({ code: "ETIMEDOUT" }).transient, true);
    assert.equal(classifyMailError({ code: "ECONNECTION" }).transient, true);
    assert.equal(classifyMailError({ code: "EENVELOPE", responseCode: 452 }).transient, true);
    assert.equal(classifyMailError({ code: "EENVELOPE" }).transient, false);
    assert.equal(classifyMailError({ code: "EMESSAGE", responseCode: 554 }).transient, false);
  });
});

describe("exactly once with two workers and a restart", () => {
  it("two connections delivering at once send each message once", async () => {
    for (let i = 0; i < 30; i++) queue(t.db, `twice-${i}`, people[i % 3]);
    const a = openDatabase(t.file, { synchronous: "OFF" });
    const b = openDatabase(t.file, { synchronous: "OFF" });
    try {
      // Small batches, so that the two workers take turns claiming while the other sends.
      const [ra, rb] = await Promise.all([
        deliverOutbox(a, now, mail(smtp.url), 5, 4),
        deliverOutbox(b, now, mail(smtp.url), 5, 4),
      ]);
      assert.equal(ra.sent + rb.sent, 30);
      assert.ok(ra.sent > 0 && rb.sent > 0, `both workers sent (${ra.sent} + ${rb.sent})`);
      assert.equal(smtp.received.length, 30);
      assert.equal(new Set(smtp.received.map((m) => m.messageId)).size, 30, "no message twice");
    } finally {
      a.$client.close();
      b.$client.close();
    }
  });

  it("a worker that dies after claiming: another sends the messages once its lease runs out", async () => {
    queue(t.db, "orphan");
    const dying = openDatabase(t.file, { synchronous: "OFF" });
    assert.equal(claimDue(dying, ["email"], now).length, 1);
    dying.$client.close(); // the process is gone: nothing was sent, nothing recorded
    const restarted = openDatabase(t.file, { synchronous: "OFF" });
    try {
      assert.equal((await deliverOutbox(restarted, now, mail(smtp.url), 5)).sent, 0, "still leased");
      const later = new Date(now.getTime() + LEASE_MS);
      assert.equal((await deliverOutbox(restarted, later, mail(smtp.url), 5)).sent, 1);
      assert.equal((await deliverOutbox(restarted, later, mail(smtp.url), 5)).sent, 0);
      assert.equal(smtp.received.length, 1);
    } finally {
      restarted.$client.close();
    }
  });
});

describe("in-app notifications", () => {
  it("count unread, list newest first, and are marked only by their owner", () => {
    queue(t.db, "n1", people[1]);
    queue(t.db, "n2", people[1]);
    const ben = people[1];
    const cleo = people[2];
    assert.ok(ben && cleo);
    assert.equal(unreadCount(t.db, ben.id), 2);
    const [newest] = listNotifications(t.db, ben.id).notifications;
    assert.ok(newest);
    assert.equal(markNotification(t.db, cleo.id, newest.id, true, now), false, "not Cleo's");
    assert.equal(markNotification(t.db, ben.id, newest.id, true, now), true);
    assert.equal(unreadCount(t.db, ben.id), 1);
    assert.equal(markAllRead(t.db, ben.id, now), 1);
    assert.equal(unreadCount(t.db, ben.id), 0);
  });
});

describe("invitations", () => {
  it("are mailed through the outbox with an absolute link, which is blanked once delivered", async () => {
    const admin = people[0];
    assert.ok(admin);
    const { path } = invitePerson(
      t.db,
      { email: "new.partner@example.com", name: "New Partner", territoryId: null, roles: ["learner"] },
      admin.id,
      now,
      "https://academy.example.com",
    );
    const queued = t.db.select().from(outbox).get();
    assert.ok(
      queued?.textBody.includes(`https://academy.example.com${path}`),
      "the admin page shows the link",
    );
    assert.equal(t.db.select().from(notifications).all().length, 0, "no in-app copy: they cannot sign in");
    await deliverOutbox(t.db, now, mail(smtp.url), 5);
    assert.ok(smtp.received[0]?.text.includes(`https://academy.example.com${path}`));
    assert.doesNotMatch(t.db.select().from(outbox).get()?.textBody ?? "", /invite\//);
  });
});
