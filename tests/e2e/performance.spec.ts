/**
 * Issue #19 in the browser: learner pages load no validation library; learners submitting at
 * the same moment are each graded once (the group commit); the certification export arrives
 * gzip-encoded with every row.
 */
import { expect, test, type Browser } from "@playwright/test";
import { and, inArray, isNotNull } from "drizzle-orm";
import { attempts, certifications } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { createUser } from "~/models/users.server";
import { e2eDb } from "./e2e-db";
import { answerAll, attemptIdOf, DEMO, signIn } from "./fixtures";

async function newLearner(prefix: string) {
  const email = `${prefix}.${Date.now()}@example.com`;
  const id = createUser(
    e2eDb(),
    {
      email,
      name: `${prefix} Learner`,
      roles: ["learner"],
      passwordHash: await hashPassword("perf-learner-pw"),
    },
    null,
    new Date(),
  );
  return { id, email };
}

test("learner pages load no zod and under 100 kB of gzip JavaScript", async ({ page }) => {
  const scripts = new Map<string, string>();
  page.on("response", async (response) => {
    if (response.url().endsWith(".js")) scripts.set(response.url(), await response.text().catch(() => ""));
  });
  await signIn(page, DEMO.learner);
  for (const path of ["/learn", "/learn/catalog", "/learn/modules/pcs-economics"]) {
    await page.goto(path);
    await expect(page.locator("h1")).toBeVisible();
  }
  await page.waitForLoadState("networkidle");
  expect(scripts.size).toBeGreaterThan(3);
  for (const [url, text] of scripts) expect(text, url).not.toMatch(/ZodError|\$ZodType/);
  // What a page references, gzip, as the bench measures it.
  const { clientJsOfPage } = await import("../../bench/client-js");
  const base = new URL(page.url()).origin;
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  for (const path of ["/learn", "/learn/catalog"]) {
    const js = await clientJsOfPage(base, path, cookie);
    expect(js.status).toBe(200);
    expect(js.gzipKb, `${path}: ${js.gzipKb} kB`).toBeLessThanOrEqual(100);
  }
});

async function openAttempt(browser: Browser, prefix: string) {
  const learner = await newLearner(prefix);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, learner.email, "perf-learner-pw");
  await page.goto("/learn/modules/pcs-economics");
  await page.getByRole("button", { name: /Take it again|Start the assessment/ }).click();
  await answerAll(page, true);
  return { learner, context, page };
}

test("three learners submitting at the same moment are each graded once", async ({ browser }) => {
  test.setTimeout(60_000);
  const sessions = [];
  for (const prefix of ["together-a", "together-b", "together-c"])
    sessions.push(await openAttempt(browser, prefix));
  await Promise.all(sessions.map((s) => s.page.getByRole("button", { name: "Submit answers" }).click()));
  for (const s of sessions) await expect(s.page.getByRole("heading", { name: "You passed" })).toBeVisible();
  const ids = sessions.map((s) => attemptIdOf(s.page));
  const submitted = e2eDb()
    .select({ id: attempts.id })
    .from(attempts)
    .where(
      and(
        inArray(
          attempts.userId,
          sessions.map((s) => s.learner.id),
        ),
        isNotNull(attempts.submittedAt),
      ),
    )
    .all();
  expect(submitted.map((a) => a.id).sort()).toEqual([...ids].sort());
  for (const s of sessions) await s.context.close();
});

test("the certification export arrives gzip-encoded with one row per holder and program", async ({
  page,
}) => {
  await signIn(page, DEMO.admin);
  const response = await page.request.get("/admin/reports/certifications.csv", {
    headers: { "Accept-Encoding": "gzip" },
  });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-encoding"]).toBe("gzip");
  expect(response.headers()["content-type"]).toContain("text/csv");
  const lines = (await response.text()).split("\r\n").filter(Boolean);
  expect(lines[0]).toBe(
    "\uFEFFperson,email,territory,technology,program,level,status,issued,expires,credential_id",
  );
  const pairs = new Set(
    e2eDb()
      .select({ userId: certifications.userId, programId: certifications.programId })
      .from(certifications)
      .all()
      .map((c) => `${c.userId}:${c.programId}`),
  );
  expect(lines.length - 1).toBe(pairs.size);
});
