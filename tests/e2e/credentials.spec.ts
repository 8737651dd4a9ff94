import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { inArray } from "drizzle-orm";
import { writeTransaction } from "#db/client.server";
import { competencies } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { importAttainments } from "~/models/attainments.server";
import { issueEarnedCertifications } from "~/models/certifications.server";
import { createUser } from "~/models/users.server";
import { e2eDb } from "./e2e-db";
import { DEMO, signIn } from "./fixtures";

/** A learner with a fresh Servers Specialist certification, set up through the models. */
async function certifiedLearner() {
  const db = e2eDb();
  const now = new Date();
  const email = `badge.holder.${Date.now()}@example.com`;
  const userId = createUser(
    db,
    { email, name: "Robin Badge", roles: ["learner"], passwordHash: await hashPassword("badge-holder-pw") },
    null,
    now,
  );
  const ids = db
    .select({ id: competencies.id })
    .from(competencies)
    .where(
      inArray(competencies.slug, [
        "servers-economics",
        "servers-business-model",
        "servers-sales-lifecycle",
        "servers-product",
      ]),
    )
    .all()
    .map((c) => c.id);
  const issued = writeTransaction(db, (tx) => {
    importAttainments(
      tx,
      ids.map((competencyId) => ({ userId, competencyId, attainedAt: now, evidence: "e2e" })),
      null,
      now,
    );
    return issueEarnedCertifications(tx, userId, ids, now, null);
  });
  expect(issued).toHaveLength(1);
  return { email, userId, password: "badge-holder-pw" };
}

test("a downloaded credential verifies on the public page, and after revocation the same file verifies as revoked", async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const learner = await certifiedLearner();

  // The learner downloads the signed credential from the certificate page.
  await signIn(page, learner.email, learner.password);
  await page.goto("/learn/certificates");
  await page
    .getByRole("row", { name: /Servers Specialist/ })
    .getByRole("link", { name: "Certificate" })
    .click();
  await expect(page.getByRole("heading", { name: "Servers Specialist" })).toBeVisible();
  const linkedIn = await page.getByRole("link", { name: "Add to LinkedIn" }).getAttribute("href");
  expect(linkedIn).toMatch(
    /^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME&name=Servers\+Specialist/,
  );
  expect(linkedIn).toContain("certUrl=http");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download credential (JSON)" }).click();
  const file = await (await downloading).path();
  expect(file).toBeTruthy();

  // Anyone, signed out, checks the file on the verification page: valid and active.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const checkFile = async () => {
    await visitor.goto("/verify");
    await visitor.getByLabel("Credential file or badge image").setInputFiles(file);
    await visitor.getByRole("button", { name: "Check credential" }).click();
    return visitor.getByRole("region", { name: "Servers Specialist" });
  };
  let result = await checkFile();
  await expect(result.getByText("Signature valid")).toBeVisible();
  await expect(result.getByText("Active", { exact: true })).toBeVisible();
  await expect(result.getByText("Robin Badge")).toBeVisible();
  await expect(result.getByText("Partner Academy")).toBeVisible();

  // The admin revokes the certification from the person's record.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin);
  await admin.goto(`/admin/people/${learner.userId}`);
  await admin
    .getByLabel("Reason for revoking Servers Specialist")
    .fill("Certification obtained with shared answers");
  await admin.getByRole("button", { name: "Revoke" }).click();
  await expect(admin.getByRole("status")).toContainText("Certification revoked");
  await adminContext.close();

  // The same file now verifies as revoked: the signature still holds, the status list says no.
  result = await checkFile();
  await expect(result.getByText("Signature valid")).toBeVisible();
  await expect(result.getByText("Revoked", { exact: true })).toBeVisible();

  // A changed copy of the file fails, naming what was changed.
  const tampered = fs
    .readFileSync(file, "utf8")
    .replace('"name": "Servers Specialist"', '"name": "Servers Lead"');
  await visitor.goto("/verify");
  await visitor.getByLabel("Or paste the credential (JSON)").fill(tampered);
  await visitor.getByRole("button", { name: "Check credential" }).click();
  const failed = visitor.getByRole("region", { name: "Servers Lead" });
  await expect(failed.getByText("Signature not valid")).toBeVisible();
  await expect(failed.getByRole("rowheader", { name: "name" })).toBeVisible();

  // Bad input gets a clear message, never an error page.
  await visitor.goto("/verify");
  await visitor.getByLabel("Or paste the credential (JSON)").fill("this is not json");
  await visitor.getByRole("button", { name: "Check credential" }).click();
  await expect(visitor.getByRole("alert")).toContainText("This is not JSON");
  await expect(visitor.getByLabel("Or paste the credential (JSON)")).toHaveValue("this is not json");
  await visitorContext.close();
});
