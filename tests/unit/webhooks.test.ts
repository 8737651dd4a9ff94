/**
 * Webhooks (issue #14) against a real HTTP receiver on a random local port: events queued
 * with their cause, signed per Standard Webhooks (checked with the library's own verify),
 * retried with backoff on a 500 with the same webhook-id, resent by hand, an endpoint
 * disabled after a run of failures, and the outbound guard (private addresses, redirects,
 * timeouts).
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { writeTransaction } from "#db/client.server";
import { notifications, outbox, technologies, territories, users, webhookEndpoints } from "#db/schema";
import { addDays } from "~/domain/time";
import { deliverWebhooks, type WebhookSettings } from "~/jobs/webhooks.server";
import { isPrivateAddress, postWebhook } from "~/jobs/webhook-http.server";
import { assignSpecialist, endAssignment } from "~/models/assignments.server";
import { revokeCertificationOf } from "~/models/certifications.server";
import { setDisabled } from "~/models/people.server";
import { queueCertificationReminders } from "~/models/reminders.server";
import { listDeliveries, resendDelivery } from "~/models/webhook-deliveries.server";
import { createEndpoint } from "~/models/webhooks.server";
import { seedDemo } from "~/seed/demo.server";
import { createTestDb, type TestDb } from "../support/db";
import { attain, newLearner, STORAGE_SPECIALIST } from "../support/lifecycle";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

const now = new Date();
let t: TestDb;
let receiver: Receiver;
let adminId: number;
const settings: WebhookSettings = { timeoutMs: 1_000, allowPrivate: true, disableAfter: 50, maxAttempts: 8 };

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
  adminId =
    t.db.select({ id: users.id }).from(users).where(eq(users.email, "admin@example.com")).get()?.id ?? 0;
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
  t.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.respond = () => 204;
  // Each test starts with no endpoint and nothing due.
  t.db.update(webhookEndpoints).set({ deletedAt: now }).run();
  t.db.update(outbox).set({ status: "sent" }).where(eq(outbox.channel, "webhook")).run();
});

function endpoint(events: Parameters<typeof createEndpoint>[1]["events"], path = "/hook") {
  return createEndpoint(t.db, { url: `${receiver.url}${path}`, events }, adminId, now);
}

function verified(secret: string, index = 0) {
  const r = receiver.received[index];
  assert.ok(r, `request ${index} received`);
  const payload = new Webhook(secret).verify(r.body, r.headers) as {
    type: string;
    data: Record<string, unknown>;
  };
  return { ...payload, id: r.headers["webhook-id"] };
}

describe("webhook events", () => {
  it("queues issued and revoked certifications with their cause and delivers them signed", async () => {
    const hook = endpoint(["certification.issued", "certification.revoked"]);
    const person = newLearner(t.db, now, "Webhook Holder");
    const [cert] = attain(t.db, person.id, STORAGE_SPECIALIST, now);
    assert.ok(cert);
    revokeCertificationOf(t.db, person.id, cert.id, adminId, "Exam fraud", now);
    const result = await deliverWebhooks(t.db, now, settings);
    assert.equal(result.sent, 2);
    const events = receiver.received.map((_, i) => verified(hook.secret, i));
    assert.deepEqual(events.map((e) => e.type).sort(), ["certification.issued", "certification.revoked"]);
    const revoked = events.find((e) => e.type === "certification.revoked");
    assert.equal((revoked?.data.certification as { credentialId: string }).credentialId, cert.credentialId);
    assert.equal((revoked?.data.person as { email: string }).email, person.email);
    // A wrong secret does not verify.
    assert.throws(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(
        receiver.received[0]?.body ?? "",
        receiver.received[0]?.headers ?? {},
      ),
    );
  });

  it("sends only the events an endpoint subscribed to, once per event", async () => {
    const hook = endpoint(["assignment.created", "assignment.ended", "person.disabled"]);
    const person = newLearner(t.db, now, "Assigned Person");
    attain(t.db, person.id, STORAGE_SPECIALIST, now);
    const storage = t.db.select().from(technologies).where(eq(technologies.slug, "storage")).get();
    const territory = t.db.select().from(territories).get();
    assert.ok(storage && territory);
    const cell = { technologyId: storage.id, territoryId: territory.id };
    const id = writeTransaction(t.db, (tx) =>
      assignSpecialist(tx, { userId: person.id, ...cell, role: "specialist" }, adminId, now),
    );
    writeTransaction(t.db, (tx) => endAssignment(tx, { assignmentId: id, ...cell }, adminId, "moved", now));
    setDisabled(t.db, person.id, true, adminId, "left", now);
    await deliverWebhooks(t.db, now, settings);
    await deliverWebhooks(t.db, now, settings);
    const types = receiver.received.map((_, i) => verified(hook.secret, i).type);
    assert.deepEqual(types.sort(), ["assignment.created", "assignment.ended", "person.disabled"]);
  });

  it("queues certification.expiring at the reminder thresholds, once", async () => {
    const hook = endpoint(["certification.expiring"]);
    const person = newLearner(t.db, now, "Expiring Holder");
    // Issued 11 months and a bit ago: inside the 30-day threshold of a 12-month program.
    const [cert] = attain(t.db, person.id, STORAGE_SPECIALIST, addDays(now, -345));
    assert.ok(cert);
    await queueCertificationReminders(t.db, now, "https://academy.example.com");
    await queueCertificationReminders(t.db, now, "https://academy.example.com");
    await deliverWebhooks(t.db, now, settings);
    const mine = receiver.received
      .map((_, i) => verified(hook.secret, i))
      .filter((e) => (e.data.certification as { id: number }).id === cert.id);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.type, "certification.expiring");
    assert.equal((mine[0]?.data.certification as { daysLeft: number }).daysLeft, 30);
  });
});

describe("webhook delivery", () => {
  it("retries a receiver that answers 500 with backoff, with the same webhook-id each time", async () => {
    const hook = endpoint(["certification.issued"]);
    receiver.respond = () => 500;
    const person = newLearner(t.db, now, "Retry Holder");
    attain(t.db, person.id, STORAGE_SPECIALIST, now);
    assert.deepEqual(await deliverWebhooks(t.db, now, settings), { sent: 0, retrying: 1, failed: 0 });
    // Not due again until the backoff has passed.
    assert.equal((await deliverWebhooks(t.db, now, settings)).retrying, 0);
    const [log] = listDeliveries(t.db, hook.id);
    assert.equal(log?.status, "pending");
    assert.equal(log?.responseCode, 500);
    assert.ok((log?.nextAttemptAt.getTime() ?? 0) > now.getTime());
    receiver.respond = () => 200;
    assert.equal((await deliverWebhooks(t.db, new Date(now.getTime() + 61_000), settings)).sent, 1);
    assert.equal(receiver.received.length, 2);
    const [first, second] = [verified(hook.secret, 0), verified(hook.secret, 1)];
    assert.equal(first.id, second.id);
    assert.equal(receiver.received[0]?.body, receiver.received[1]?.body);
    // A resend by an admin is the same message again: same id, same body.
    resendDelivery(t.db, hook.id, log?.id ?? 0, adminId, now);
    await deliverWebhooks(t.db, now, settings);
    assert.equal(verified(hook.secret, 2).id, first.id);
    assert.equal(listDeliveries(t.db, hook.id)[0]?.status, "sent");
  });

  it("disables an endpoint after a run of failures and tells the admins", async () => {
    const hook = endpoint(["certification.issued"]);
    receiver.respond = () => 503;
    for (let i = 0; i < 3; i++)
      attain(t.db, newLearner(t.db, now, `Failing ${i}`).id, STORAGE_SPECIALIST, now);
    await deliverWebhooks(t.db, now, { ...settings, disableAfter: 3 });
    const row = t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, hook.id)).get();
    assert.ok(row?.disabledAt, "disabled");
    assert.match(row.disabledReason ?? "", /3 failed deliveries/);
    const notice = t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, adminId), eq(notifications.topic, "webhook.endpoint-disabled")))
      .get();
    assert.ok(notice, "admins are told");
    // A disabled endpoint is sent nothing more.
    receiver.received.length = 0;
    attain(t.db, newLearner(t.db, now, "After").id, STORAGE_SPECIALIST, now);
    await deliverWebhooks(t.db, addDays(now, 1), settings);
    assert.equal(receiver.received.length, 0);
  });

  it("refuses private, loopback and link-local addresses unless allowed", async () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "192.168.1.1",
      "172.20.0.1",
      "169.254.169.254",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
    ])
      assert.ok(isPrivateAddress(a), a);
    for (const a of ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
      assert.ok(!isPrivateAddress(a), a);
    const guarded = { timeoutMs: 1_000, allowPrivate: false };
    const direct = await postWebhook(`${receiver.url}/x`, "{}", {}, guarded);
    assert.equal(direct.ok, false);
    assert.match(direct.error ?? "", /refused/);
    assert.equal(direct.transient, false);
    const byName = await postWebhook(
      receiver.url.replace("127.0.0.1", "localhost") + "/x",
      "{}",
      {},
      guarded,
    );
    assert.match(byName.error ?? "", /refused/);
    assert.equal(receiver.received.length, 0, "nothing reached the receiver");
  });

  it("follows no redirect and gives up on a receiver that does not answer", async () => {
    receiver.respond = () => 302;
    const redirected = await postWebhook(
      `${receiver.url}/r`,
      "{}",
      {},
      { timeoutMs: 1_000, allowPrivate: true },
    );
    assert.equal(redirected.ok, false);
    assert.match(redirected.error ?? "", /redirect/);
    assert.equal(receiver.received.length, 1);
    receiver.respond = () => "hang";
    const slow = await postWebhook(`${receiver.url}/slow`, "{}", {}, { timeoutMs: 300, allowPrivate: true });
    assert.equal(slow.ok, false);
    assert.match(slow.error ?? "", /timed out/);
    assert.ok(slow.transient);
    assert.ok(slow.latencyMs < 2_000);
  });
});
