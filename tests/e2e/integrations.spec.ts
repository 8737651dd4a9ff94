/**
 * Webhooks end to end (issue #14): a real HTTP receiver on a random local port is
 * registered through the admin page; a certification revoked by the admin and one issued
 * through a trainer's attestation reach it, signed — verified with the Standard Webhooks
 * library and the secret the page showed once. A receiver answering 500 gets the message
 * again, with the same webhook-id.
 */
import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { and, eq, isNull } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { certificationPrograms, certifications, outbox } from "#db/schema";
import { addDays } from "~/domain/time";
import { attain, newLearner, STORAGE_SPECIALIST } from "../support/lifecycle";
import { startReceiver, type Receiver } from "../support/webhook-receiver";
import { E2E_DATABASE_PATH, e2eDb } from "./e2e-db";
import { DEMO, signIn } from "./fixtures";

let receiver: Receiver;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

/**
 * Runs the delivery job now, as cron would (the server's scheduler may get there first).
 * Asynchronously: the receiver lives in this process and must answer meanwhile.
 */
async function deliverNow(at = new Date()) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "app/cli/jobs.ts", "--once", "--job", "deliver-webhooks", "--now", at.toISOString()],
    {
      env: { ...process.env, DATABASE_PATH: E2E_DATABASE_PATH, WEBHOOK_ALLOW_PRIVATE: "1" },
      stdio: "ignore",
    },
  );
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(code).toBe(0);
}

function events(secret: string) {
  return receiver.received.map((r) => ({
    id: r.headers["webhook-id"],
    ...(new Webhook(secret).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> }),
  }));
}

test("a registered receiver gets signed events for a revocation and an attestation's certification, and a 500 is retried with the same id", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const db = e2eDb();
  const now = new Date();
  // A storage specialist who lacks only the lead program's field competency.
  const person = newLearner(db, now, "Webhook Person");
  attain(db, person.id, [...STORAGE_SPECIALIST, "storage-partner-growth"], addDays(now, -2));

  // The admin registers the receiver and copies the secret shown once.
  await signIn(page, DEMO.admin);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Integrations" }).click();
  await page
    .getByRole("navigation", { name: "Integrations" })
    .getByRole("link", { name: "Webhooks" })
    .click();
  await page.getByLabel("URL").fill(`${receiver.url}/academy`);
  await page.getByLabel("Description").fill("PRM test receiver");
  await page.getByRole("checkbox", { name: "certification.issued" }).check();
  await page.getByRole("checkbox", { name: "certification.revoked" }).check();
  await page.getByRole("button", { name: "Register endpoint" }).click();
  const secret = (await page.getByLabel("Signing secret").textContent()) ?? "";
  expect(secret).toMatch(/^whsec_/);

  // A trainer attests the field competency: the lead certification is issued.
  // (First: a revocation would block the lead program too, Rule 12.)
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, DEMO.trainer);
  await page.goto(`/author/attest?q=Webhook&userId=${person.id}`);
  await page.getByLabel("Field competency").selectOption({ label: "Storage field readiness" });
  await page
    .getByLabel("Evidence")
    .fill("Led a storage opportunity at a partner with the account team, March.");
  await page.getByRole("button", { name: "Attest" }).click();
  await expect(page.getByRole("status")).toContainText("issued now");

  // The admin revokes the storage specialist certification on the person's record.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, DEMO.admin);
  await page.goto(`/admin/people/${person.id}`);
  const certRow = page
    .getByRole("region", { name: "Certifications" })
    .getByRole("listitem")
    .filter({ hasText: "Storage Specialist" })
    .first();
  await certRow.getByPlaceholder("Reason for revoking").fill("Webhook journey revocation");
  await certRow.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("status")).toContainText("Certification revoked");

  await deliverNow();
  await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  const got = events(secret);
  const revoked = got.find((e) => e.type === "certification.revoked");
  const issued = got.find((e) => e.type === "certification.issued");
  expect((revoked?.data.person as { email: string }).email).toBe(person.email);
  expect((issued?.data.certification as { program: { level: string } }).program.level).toBe("lead");
  const lead = db
    .select({ credentialId: certifications.credentialId })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(
      and(
        eq(certifications.userId, person.id),
        eq(certificationPrograms.level, "lead"),
        isNull(certifications.revokedAt),
      ),
    )
    .get();
  expect((issued?.data.certification as { credentialId: string }).credentialId).toBe(lead?.credentialId);

  // The delivery log shows both, answered 204.
  await page.goto("/admin/webhooks");
  await page.getByRole("link", { name: `${receiver.url}/academy` }).click();
  await expect(page.getByRole("heading", { name: "Delivery log" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "204" })).toHaveCount(2);

  // The receiver fails: the next event is retried after the backoff, with the same id.
  receiver.received.length = 0;
  receiver.respond = () => 500;
  const second = newLearner(db, now, "Webhook Second");
  attain(db, second.id, STORAGE_SPECIALIST, now);
  await deliverNow();
  await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  const pending = db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.channel, "webhook"),
        eq(outbox.topic, "certification.issued"),
        eq(outbox.status, "pending"),
      ),
    )
    .get();
  expect(pending?.attempts).toBe(1);
  expect(pending?.lastError).toBe("HTTP 500");
  receiver.respond = () => 200;
  await deliverNow(new Date(Date.now() + 2 * 60_000));
  await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  const [first, retry] = events(secret);
  expect(retry?.id).toBe(first?.id);
  expect(retry?.type).toBe("certification.issued");

  // The admin resends a delivered message from the log: same id again.
  await page.reload();
  await page
    .getByRole("button", { name: /^Resend certification\.issued/ })
    .first()
    .click();
  await expect(page.getByRole("status")).toContainText("same webhook-id");
});

test("an admin creates a token in the page, a client uses it over HTTP, the session cookie is no token, and a revoked token is refused", async ({
  page,
}) => {
  await signIn(page, DEMO.admin);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Integrations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  await page.getByLabel("Name").fill("Portal check");
  await page.getByRole("checkbox", { name: /^certifications:read/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByLabel("New API token").textContent()) ?? "";
  expect(token).toMatch(/^pa_/);

  // The browser's own requests carry the admin's session cookie: not a token.
  const withCookie = await page.request.get("/api/v1/certifications");
  expect(withCookie.status()).toBe(401);
  expect(withCookie.headers()["content-type"]).toContain("application/problem+json");

  const ok = await page.request.get("/api/v1/certifications?limit=2", {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(ok.status()).toBe(200);
  expect(((await ok.json()) as { data: unknown[] }).data).toHaveLength(2);
  const scope = await page.request.get("/api/v1/people", { headers: { Authorization: `Bearer ${token}` } });
  expect(scope.status()).toBe(403);
  const doc = await page.request.get("/api/v1/openapi.json");
  expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");

  // The list shows when it was last used; revoking it refuses the next request.
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: "Portal check" });
  await expect(row.getByRole("cell").nth(2)).not.toHaveText("never");
  await row.getByRole("button", { name: "Revoke Portal check" }).click();
  await expect(page.getByRole("status")).toContainText("Token revoked");
  const revoked = await page.request.get("/api/v1/certifications", {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(revoked.status()).toBe(401);
  expect(((await revoked.json()) as { reason: string }).reason).toBe("revoked");
});
