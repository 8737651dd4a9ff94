import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { and, eq, inArray } from "drizzle-orm";
import { writeTransaction } from "#db/client.server";
import { attempts, auditEvents, competencies, modules, moduleVersions } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { importAttainments } from "~/models/attainments.server";
import { issueEarnedCertifications } from "~/models/certifications.server";
import { createUser } from "~/models/users.server";
import { e2eDb } from "./e2e-db";
import { answerFields } from "../support/answers";
import { answerAll, attemptIdOf, DEMO, signIn } from "./fixtures";

async function newLearner(prefix: string) {
  const email = `${prefix}.${Date.now()}@example.com`;
  const id = createUser(
    e2eDb(),
    {
      email,
      name: `${prefix} Learner`,
      roles: ["learner"],
      passwordHash: await hashPassword("exam-learner-pw"),
    },
    null,
    new Date(),
  );
  return { id, email };
}

function setTimeLimit(slug: string, minutes: number | null) {
  const db = e2eDb();
  const versionId = db.select().from(modules).where(eq(modules.slug, slug)).get()?.publishedVersionId ?? -1;
  db.update(moduleVersions).set({ timeLimitMinutes: minutes }).where(eq(moduleVersions.id, versionId)).run();
}

function moveDeadline(attemptId: number, at: Date) {
  e2eDb().update(attempts).set({ deadlineAt: at }).where(eq(attempts.id, attemptId)).run();
}

test("a timed attempt: the time left is shown, answers are saved as you go, the server ends it", async ({
  page,
}) => {
  test.setTimeout(60_000);
  setTimeLimit("pcs-economics", 30);
  try {
    const learner = await newLearner("timed");
    await signIn(page, learner.email, "exam-learner-pw");
    await page.goto("/learn/modules/pcs-economics");
    await expect(page.getByText(/30 minutes, counted by the server from the start/)).toBeVisible();
    await page.getByRole("button", { name: "Start the assessment" }).click();
    await expect(page.getByRole("timer")).toHaveText(/^(30:00|29:5\d)$/);
    await expect(page.getByText(/At the end your answers are submitted automatically/)).toBeVisible();

    // Answers are saved on the server as the learner goes.
    await answerAll(page, true);
    // The form saves 600 ms after the last change: let that save start, then see it finish
    // (an earlier save may have shown "saved" with only some answers in it).
    await page.waitForTimeout(700);
    await expect(page.getByText(/Answers saved at/)).toBeVisible();

    // The connection drops; the deadline passes on the server. Coming back shows that time is
    // up, and the attempt is graded on what was saved in time.
    const attemptId = attemptIdOf(page);
    moveDeadline(attemptId, new Date(Date.now() - 5 * 60_000));
    await page.reload();
    await expect(page.getByText(/Time is up\./)).toBeVisible();
    await page.getByRole("button", { name: "See your result" }).click();
    await expect(page.getByRole("heading", { name: "You passed" })).toBeVisible();
    await expect(
      page.getByText("Time ran out: this attempt was graded on the answers saved before the end."),
    ).toBeVisible();

    // A late submission's own answers do not count: the attempt is graded on what was saved
    // before the deadline (nothing, here), whatever the request carries.
    await page.goto("/learn/modules/pcs-economics");
    await page.getByRole("button", { name: "Take it again" }).click();
    await expect(page).toHaveURL(/\/learn\/attempts\/\d+$/);
    const second = attemptIdOf(page);
    const right = Object.fromEntries(
      [...answerFields(e2eDb(), second, true)].map(([k, v]) => [k, v[0] ?? ""]),
    );
    moveDeadline(second, new Date(Date.now() - 60_000));
    const late = await page.request.post(page.url(), {
      form: { ...right, intent: "submit", confirmIncomplete: "1" },
      headers: { Origin: new URL(page.url()).origin },
      maxRedirects: 0,
    });
    expect(late.status()).toBe(302);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Not passed this time" })).toBeVisible();
    await expect(page.getByText(/Time ran out/)).toBeVisible();

    // At zero the page submits itself.
    await page.goto("/learn/modules/pcs-economics");
    await page.getByRole("button", { name: /Take it again|Start the assessment/ }).click();
    await expect(page).toHaveURL(/\/learn\/attempts\/\d+$/);
    moveDeadline(attemptIdOf(page), new Date(Date.now() + 4_000));
    await page.reload();
    await expect(page.getByRole("timer")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Not passed this time" })).toBeVisible({
      timeout: 15_000,
    });
  } finally {
    setTimeLimit("pcs-economics", null);
  }
});

test("a revocation sticks: blocked on the dashboard and the path until an admin lifts it", async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const learner = await newLearner("revoked");
  const db = e2eDb();
  const now = new Date();
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
  writeTransaction(db, (tx) => {
    importAttainments(
      tx,
      ids.map((competencyId) => ({ userId: learner.id, competencyId, attainedAt: now, evidence: "e2e" })),
      null,
      now,
    );
    issueEarnedCertifications(tx, learner.id, ids, now, null);
  });

  // The admin revokes it on the person record: the program is blocked, with the reason.
  await signIn(page, DEMO.admin);
  await page.goto(`/admin/people/${learner.id}`);
  const certRow = page
    .locator("li")
    .filter({ hasText: "Servers Specialist" })
    .filter({
      has: page.getByRole("button", { name: "Revoke" }),
    });
  await certRow.getByPlaceholder("Reason for revoking").fill("Answers shared with a colleague.");
  await certRow.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("status")).toContainText("blocked from being issued again");
  const blocks = page.getByRole("region", { name: "Revocation blocks" });
  await expect(blocks).toContainText("Blocked");
  await expect(blocks).toContainText("Answers shared with a colleague.");

  // The learner sees the block and why, instead of a path of modules.
  const context = await browser.newContext();
  const learnerPage = await context.newPage();
  await signIn(learnerPage, learner.email, "exam-learner-pw");
  const servers = learnerPage.getByRole("article", { name: "Servers" });
  await expect(servers.getByText(/Blocked\./).first()).toBeVisible();
  await expect(servers.getByText(/“Answers shared with a colleague\.”/).first()).toBeVisible();
  await expect(servers.getByText(/^Next:/)).toHaveCount(0);

  // Lifting needs a reason; it is audited and shown on the record.
  await blocks.getByRole("button", { name: "Lift the block" }).click();
  await expect(blocks.getByText(/at least 5 characters/)).toBeVisible();
  await blocks.getByPlaceholder("Reason for lifting the block").fill("Appeal upheld after review.");
  await blocks.getByRole("button", { name: "Lift the block" }).click();
  await expect(page.getByRole("status")).toContainText("Block lifted");
  await expect(blocks).toContainText("Appeal upheld after review.");
  const audit = db
    .select()
    .from(auditEvents)
    .where(
      and(eq(auditEvents.action, "certification.block-lifted"), eq(auditEvents.subjectUserId, learner.id)),
    )
    .get();
  expect(audit?.reason).toBe("Appeal upheld after review.");

  await learnerPage.reload();
  await expect(servers.getByText(/Blocked\./)).toHaveCount(0);
  await context.close();
});

test("the assessment, its timer and both results pass axe", async ({ page }) => {
  test.setTimeout(60_000);
  const serious = async () => {
    const results = await new AxeBuilder({ page }).analyze();
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  };
  setTimeLimit("servers-economics", 40);
  try {
    const learner = await newLearner("axe");
    await signIn(page, learner.email, "exam-learner-pw");
    await page.goto("/learn/modules/servers-economics");
    await page.getByRole("button", { name: "Start the assessment" }).click();
    await expect(page.getByRole("timer")).toBeVisible();
    expect(await serious()).toEqual([]);
    await answerAll(page, false);
    await page.getByRole("button", { name: "Submit answers" }).click();
    await expect(page.getByRole("heading", { name: "Not passed this time" })).toBeVisible();
    expect(await serious()).toEqual([]);
    await page.getByRole("link", { name: "Back to the module" }).click();
    await page.getByRole("button", { name: "Start the assessment" }).click();
    await answerAll(page, true);
    await page.getByRole("button", { name: "Submit answers" }).click();
    await expect(page.getByRole("heading", { name: "You passed" })).toBeVisible();
    expect(await serious()).toEqual([]);
  } finally {
    setTimeLimit("servers-economics", null);
  }
});
