import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { writeTransaction } from "#db/client.server";
import { modules, users } from "#db/schema";
import { notify } from "~/models/notifications.server";
import { e2eDb } from "./e2e-db";
import { DEMO, signIn } from "./fixtures";

test("a learner sees what to renew, what changed, and reads their notifications", async ({ page }) => {
  const sam = e2eDb().select().from(users).where(eq(users.email, DEMO.learner)).get();
  expect(sam).toBeDefined();
  writeTransaction(e2eDb(), (tx) =>
    notify(
      tx,
      {
        userId: sam?.id ?? 0,
        dedupeKey: `e2e-${Date.now()}`,
        topic: "test",
        title: "Your Networking Specialist certification expires soon",
        body: "Renewal is open.",
        link: "/learn",
      },
      new Date(),
    ),
  );
  await signIn(page, DEMO.learner);
  await page.goto("/learn");

  const renew = page.getByRole("region", { name: "Renew" });
  await expect(renew).toContainText("Networking Specialist");
  await expect(renew.getByRole("list", { name: "Renewal path for Networking Specialist" })).toBeVisible();
  const updates = page.getByRole("region", { name: "Module updates to take" });
  await expect(updates).toContainText("What changed");
  await expect(updates).toContainText(/Take by \d{1,2} \w{3} \d{4}/);

  await page.getByRole("link", { name: /Notifications, \d+ unread/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(
    page.getByRole("link", { name: "Your Networking Specialist certification expires soon" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByText(/Marked \d+ as read\./)).toBeVisible();
  await expect(page.getByRole("link", { name: "Notifications, none unread" })).toBeVisible();
});

test("an admin sees grace apart, the outbox without mail, and sets a program's lifecycle", async ({
  page,
}) => {
  await signIn(page, DEMO.admin);
  await page.goto("/admin");
  await expect(page.getByRole("region", { name: "Assignments in grace" })).toContainText(
    /In grace · \d+ days? left/,
  );
  await page.goto("/admin/coverage");
  await expect(page.getByRole("list", { name: "Legend" })).toContainText("In grace");
  await page
    .getByRole("link", { name: /: In grace$/ })
    .first()
    .click();
  await expect(page.getByText(/in grace until/)).toBeVisible();

  // An invitation waits in the outbox with its link, and the page says mail is not configured.
  const email = `outbox.${Date.now()}@example.com`;
  await page.goto("/admin/people/invite");
  await page.getByLabel("Name").fill("Olive Outbox");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create the invitation" }).click();
  await expect(page.getByText(`Invitation created for ${email}`)).toBeVisible();
  await page.getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByText("Mail is not configured", { exact: true })).toBeVisible();
  const message = page
    .getByRole("list", { name: "Messages" })
    .getByRole("listitem")
    .filter({ hasText: email });
  await message.getByText("Your Partner Academy invitation").click();
  await expect(message.getByText(/\/invite\/[A-Za-z0-9_-]{20,}/)).toBeVisible();

  // Lifecycle settings: refused with the value kept, then saved.
  await page.goto("/admin/programs");
  await page.getByText("Storage", { exact: true }).click();
  const form = page.getByRole("form", { name: "Storage Specialist lifecycle" });
  await form.getByLabel("Grace period (days)").fill("400");
  await form.getByRole("button", { name: "Save lifecycle" }).click();
  await expect(form.getByText("The grace period is at most 365 days.").first()).toBeVisible();
  await expect(form.getByLabel("Grace period (days)")).toHaveValue("400");
  await form.getByLabel("Grace period (days)").fill("0");
  await form.getByRole("button", { name: "Save lifecycle" }).click();
  await expect(form.getByText(/Lifecycle saved/)).toBeVisible();
  await form.getByLabel("Grace period (days)").fill("30");
  await form.getByRole("button", { name: "Save lifecycle" }).click();
  await expect(form.getByText(/Lifecycle saved/)).toBeVisible();
});

test("a trainer publishes a major revision with what changed; admins see who is behind", async ({
  page,
  browser,
}) => {
  const module = e2eDb().select().from(modules).where(eq(modules.slug, "servers-sales-lifecycle")).get();
  expect(module).toBeDefined();
  await signIn(page, DEMO.trainer);
  await page.goto(`/author/modules/${module?.id}`);
  await page.getByRole("button", { name: "Edit a new draft" }).click();
  await page.getByLabel("Kind of change").selectOption("major");
  await page.getByRole("button", { name: /Publish version/ }).click();
  await expect(
    page.getByText("Say what changed: holders read it with their deadline.").first(),
  ).toBeVisible();
  await page
    .getByLabel("What changed")
    .fill("The sales stages now follow the new deal registration process.");
  await page.getByRole("button", { name: /Publish version/ }).click();
  await expect(page.getByText(/as a major revision: holders have until \d{1,2} \w{3} \d{4}/)).toBeVisible();

  const admin = await browser.newPage();
  await signIn(admin, DEMO.admin);
  await admin.goto("/admin/recertification");
  const section = admin.getByRole("region", { name: /servers sales life-cycle|Servers sales/i }).first();
  await expect(section).toContainText("The sales stages now follow the new deal registration process.");
  await expect(section).toContainText(/\d+ of \d+ behind/);
  await admin.close();
});
