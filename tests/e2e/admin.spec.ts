import { expect, test } from "@playwright/test";
import { and, eq, isNull } from "drizzle-orm";
import {
  certifications,
  specialistAssignments,
  technologies,
  territories,
  userRoles,
  users,
} from "#db/schema";
import { e2eDb } from "./e2e-db";
import { DEMO, signIn } from "./fixtures";

function idOf<T extends { id: number } | undefined>(row: T): number {
  if (!row) throw new Error("demo data missing");
  return row.id;
}

test("the admin finds a storage seat, is refused an uncertified person, assigns a certified one, and a revocation lapses it", async ({
  page,
}) => {
  const db = e2eDb();
  const storage = idOf(
    db.select({ id: technologies.id }).from(technologies).where(eq(technologies.slug, "storage")).get(),
  );
  // A certified storage specialist from another territory's seat, and the UK & Ireland cell.
  const uki = idOf(
    db.select({ id: territories.id }).from(territories).where(eq(territories.code, "UKI")).get(),
  );
  await signIn(page, DEMO.admin);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Coverage" }).click();
  await expect(page.getByRole("heading", { name: "Specialist coverage" })).toBeVisible();
  await page.getByRole("link", { name: /^UK & Ireland, Storage:/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Storage in UK & Ireland" })).toBeVisible();

  // Sam Rivera is part-way: the server refuses and says why.
  await page.getByRole("button", { name: "Try to assign Sam Rivera as specialist" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Not assigned. Sam Rivera holds no active specialist certification",
  );
  await expect(page.getByRole("alert")).toContainText("Missing:");

  // Someone certified is eligible; assign them.
  const eligible = page.getByRole("button", { name: /^Assign .+ as specialist$/ }).first();
  const label = (await eligible.getAttribute("aria-label")) ?? "";
  const name = label.replace(/^Assign /, "").replace(/ as specialist$/, "");
  await eligible.click();
  await expect(page.getByRole("status")).toContainText("Assigned as specialist.");
  await expect(page.getByRole("region", { name: "Assigned now" }).getByText(name)).toBeVisible();

  // Revoke that person's storage certification from their record.
  const personLink = page.getByRole("region", { name: "Assigned now" }).getByRole("link", { name });
  const person = Number((await personLink.getAttribute("href"))?.split("/").pop());
  await personLink.click();
  const certRow = page
    .getByRole("region", { name: "Certifications" })
    .getByRole("listitem")
    .filter({ hasText: "Storage Specialist" })
    .filter({ has: page.getByRole("button", { name: "Revoke" }) })
    .first();
  await certRow.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("alert")).toContainText("Give the reason for revoking");
  await certRow.getByPlaceholder("Reason for revoking").fill("Exam integrity review");
  await certRow.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("status")).toContainText("Certification revoked");
  const revokedRow = db
    .select()
    .from(certifications)
    .where(and(eq(certifications.userId, person), eq(certifications.revokedReason, "Exam integrity review")))
    .get();
  expect(revokedRow?.revokedAt).toBeTruthy();

  // The cell now shows the assignment as lapsed.
  await page.goto(`/admin/coverage/${uki}/${storage}`);
  await expect(
    page
      .getByRole("region", { name: "Assigned now" })
      .getByRole("listitem")
      .filter({ hasText: name })
      .getByText("Lapsed"),
  ).toBeVisible();
  const assignment = db
    .select()
    .from(specialistAssignments)
    .where(
      and(
        eq(specialistAssignments.userId, person),
        eq(specialistAssignments.territoryId, uki),
        isNull(specialistAssignments.endedAt),
      ),
    )
    .get();
  expect(assignment).toBeTruthy();

  // The revoked credential shows as revoked on its public page.
  const revoked = db
    .select()
    .from(certifications)
    .where(eq(certifications.revokedReason, "Exam integrity review"))
    .get();
  await page.goto(`/verify/${revoked?.credentialId}`);
  await expect(page.locator(".verify-status")).toHaveText("Revoked");

  // And the status report downloads as CSV.
  await page.goto("/admin/reports");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download certifications.csv" }).click();
  const file = await (await download).path();
  const text = (await import("node:fs")).readFileSync(file ?? "", "utf8");
  expect(text.split("\r\n")[0]).toContain("person,email,territory,technology,program,level,status");
  expect(text).toContain(`${name},`);
});

test("an admin cannot remove their own admin role or disable themselves, and is told why", async ({
  page,
}) => {
  const db = e2eDb();
  const admin = db.select({ id: users.id }).from(users).where(eq(users.email, DEMO.admin)).get();
  await signIn(page, DEMO.admin);
  await page.goto(`/admin/people/${admin?.id}`);
  await page.getByRole("group", { name: "Roles" }).getByLabel("Admin", { exact: true }).uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toContainText("You cannot remove your own admin role");
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("alert")).toContainText("You cannot disable your own account.");
  const roles = db
    .select()
    .from(userRoles)
    .where(eq(userRoles.userId, admin?.id ?? -1))
    .all()
    .map((r) => r.role);
  expect(roles).toContain("admin");
  expect(
    db
      .select()
      .from(users)
      .where(eq(users.id, admin?.id ?? -1))
      .get()?.disabledAt,
  ).toBeNull();
});

test("non-admins get 403 on admin pages and crafted admin POSTs", async ({ page }) => {
  await signIn(page, DEMO.learner);
  for (const url of [
    "/admin/coverage",
    "/admin/people",
    "/admin/reports/certifications.csv",
    "/admin/audit",
  ]) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(403);
  }
  const origin = new URL(page.url()).origin;
  const before = e2eDb().select().from(specialistAssignments).all().length;
  const post = await page.request.post("/admin/coverage/1/1", {
    form: { intent: "assign", userId: "4", role: "specialist" },
    headers: { Origin: origin },
  });
  expect(post.status()).toBe(403);
  const revoke = await page.request.post("/admin/people/5", {
    form: { intent: "revoke", certificationId: "1", reason: "Crafted by a learner" },
    headers: { Origin: origin },
  });
  expect(revoke.status()).toBe(403);
  expect(e2eDb().select().from(specialistAssignments).all().length).toBe(before);
  expect(
    e2eDb()
      .select()
      .from(certifications)
      .where(eq(certifications.revokedReason, "Crafted by a learner"))
      .all(),
  ).toEqual([]);
});

test("a refused invitation keeps what was typed and puts the reason on the field", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto("/admin/people/invite");
  await page.getByLabel("Name").fill("Someone Already Here");
  await page.getByLabel("Email").fill(DEMO.trainer.toUpperCase());
  await page.getByLabel("Trainer").check();
  await page.getByRole("button", { name: "Create the invitation" }).click();

  // The model's refusal lands on the email field, announced, with everything typed kept.
  const email = page.getByLabel("Email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert")).toContainText("already has an account");
  await expect(page.locator("#email-error")).toContainText("already has an account");
  await expect(page.getByLabel("Name")).toHaveValue("Someone Already Here");
  await expect(email).toHaveValue(DEMO.trainer.toUpperCase());
  await expect(page.getByLabel("Trainer")).toBeChecked();

  // A zod failure keeps it too: fix the email, break the name.
  await page.getByLabel("Name").fill("x");
  await email.fill("someone.new@example.com");
  await page.getByRole("button", { name: "Create the invitation" }).click();
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Email")).toHaveValue("someone.new@example.com");
});
