import { expect, test } from "@playwright/test";
import { hashPassword } from "~/auth/password.server";
import { createUser } from "~/models/users.server";
import { e2eDb } from "./e2e-db";
import { answerAll, DEMO, resultTextWithoutPrompts, signIn } from "./fixtures";

test("a learner reads, fails, passes, completes Storage Specialist and the credential verifies", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO.learner);

  // The dashboard's path to Storage Specialist leads to the next modules.
  const storage = page.getByRole("article", { name: "Storage" });
  await expect(storage.getByText("2 of 4 competencies held").first()).toBeVisible();
  await storage
    .getByRole("link", { name: /sales life-cycle/i })
    .first()
    .click();

  // Read the module: resume where the seed left off, mark lessons complete to the end.
  await expect(page.getByRole("heading", { level: 2, name: "Lessons" })).toBeVisible();
  await page.getByRole("link", { name: /^Resume:/ }).click();
  for (let lesson = 0; lesson < 20; lesson++) {
    await expect(page.locator(".prose h2").first()).toBeVisible();
    const button = page.getByRole("button", { name: /Mark complete and continue|go to the assessment/ });
    const label = (await button.textContent()) ?? "";
    const here = page.url();
    await button.click();
    await expect(page).not.toHaveURL(here);
    if (/assessment/.test(label)) break;
  }
  await expect(page).toHaveURL(/\/learn\/modules\/storage-sales-lifecycle#assessment-title$/);
  await expect(page.getByText(/3 of 3 done/)).toBeVisible();

  // First attempt: the page carries no answer key and names nothing; wrong answers fail.
  await expect(page.getByText(/questions drawn for each attempt/)).toBeVisible();
  await page.getByRole("button", { name: "Start the assessment" }).click();
  await expect(page).toHaveURL(/\/learn\/attempts\/\d+$/);
  const html = await page.content();
  const controls = await page.locator("form input[name^=q], form select[name^=q]").evaluateAll((els) =>
    els.map((e) => ({
      name: e.getAttribute("name") ?? "",
      value: e.tagName === "SELECT" ? "" : (e.getAttribute("value") ?? ""),
      data: [...e.attributes].filter((a) => a.name.startsWith("data-")).length,
    })),
  );
  // Names are q<place on the page> (q<place>-<item> for matching); choice values are 1..k in
  // the order shown; no data attributes. Nothing here depends on which answer is right.
  const positions = [...new Set(controls.map((c) => Number(/^q(\d+)/.exec(c.name)?.[1])))];
  expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1));
  for (const position of positions) {
    const values = controls.filter((c) => c.name === `q${position}` && c.value !== "").map((c) => c.value);
    expect(values).toEqual(values.map((_, i) => String(i + 1)));
  }
  expect(controls.every((c) => c.data === 0)).toBe(true);
  const loaderData = await page.evaluate(() => JSON.stringify(window.__remixContext.state.loaderData));
  for (const leak of ["isCorrect", "feedback", "explanation", "questionId", "matchText", "layout"])
    expect(loaderData).not.toContain(leak);
  const key = await answerAll(page, false);
  expect(html).not.toContain("isCorrect");
  for (const text of key.filter((t) => t.length > 12 && !html.includes(`>${t}<`)))
    expect(html).not.toContain(text);
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByRole("heading", { name: "Not passed this time" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Score per competency" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Lessons to revisit" })).toBeVisible();
  await expect(page.getByText("The right answers are shown after a passed attempt.")).toBeVisible();
  // The failed result, as rendered, contains no part of the key.
  const { shown, allowed } = await resultTextWithoutPrompts(page);
  for (const text of key.filter((t) => !allowed.includes(t))) expect(shown).not.toContain(text);
  expect(shown).not.toContain("correct answer");

  // Second attempt: other questions; right answers pass, attain the competency, show the key.
  await page.getByRole("link", { name: "Back to the module" }).click();
  await page.getByRole("button", { name: "Start the assessment" }).click();
  await answerAll(page, true);
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByRole("heading", { name: "You passed" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Competencies attained" })).toContainText(
    "Storage sales life-cycle",
  );
  await expect(page.getByRole("heading", { name: "Answers and explanations" })).toBeVisible();

  // The last missing competency completes the program: the certificate is issued.
  await page.goto("/learn/catalog?technology=storage&competency=storage-product");
  await page
    .getByRole("link", { name: /portfolio|product/i })
    .first()
    .click();
  await page.getByRole("button", { name: "Start the assessment" }).click();
  await answerAll(page, true);
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByRole("heading", { name: "You passed" })).toBeVisible();
  const issued = page.getByRole("region", { name: "Certification issued" });
  await expect(issued).toContainText("Storage Specialist");
  await issued.getByRole("link", { name: "View certificate" }).click();
  await expect(page.getByRole("heading", { name: "Storage Specialist" })).toBeVisible();
  await expect(page.getByRole("main").getByText("Sam Rivera")).toBeVisible();
  const verifyUrl = await page.getByRole("link", { name: /\/verify\// }).getAttribute("href");
  expect(verifyUrl).toMatch(/\/verify\/[A-Za-z0-9_-]{22}$/);

  // Anyone, signed out, can verify it — and sees nothing else about the holder.
  const anonymous = await browser.newContext();
  const visitor = await anonymous.newPage();
  await visitor.goto(verifyUrl ?? "/");
  await expect(visitor.getByRole("heading", { name: "Storage Specialist" })).toBeVisible();
  await expect(visitor.getByText("Valid", { exact: true })).toBeVisible();
  await expect(visitor.getByText("Sam Rivera")).toBeVisible();
  await expect(visitor.getByText("learner@example.com")).toHaveCount(0);
  const missing = await visitor.goto("/verify/AAAAAAAAAAAAAAAAAAAAAA");
  expect(missing?.status()).toBe(404);
  await expect(visitor.getByRole("heading", { name: "No such credential" })).toBeVisible();
  await anonymous.close();

  // The dashboard now shows the certification.
  await page.goto("/learn");
  await expect(page.getByRole("article", { name: "Storage" }).getByText(/Certified until/)).toBeVisible();
});

test("another learner cannot open someone else's attempt", async ({ page, browser }) => {
  const email = `second.learner.${Date.now()}@example.com`;
  createUser(
    e2eDb(),
    {
      email,
      name: "Second Learner",
      roles: ["learner"],
      passwordHash: await hashPassword("second-learner-pw"),
    },
    null,
    new Date(),
  );
  await signIn(page, DEMO.learner);
  await page.goto("/learn/catalog?technology=storage");
  await page
    .getByRole("link", { name: /economics/i })
    .first()
    .click();
  await page
    .getByRole("button", { name: /Start the assessment|Continue your attempt|Take it again/ })
    .click();
  await expect(page).toHaveURL(/\/learn\/attempts\/\d+$/);
  const attemptUrl = page.url();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email, "second-learner-pw");
  const response = await otherPage.goto(attemptUrl);
  expect(response?.status()).toBe(404);
  const post = await otherPage.request.post(attemptUrl, {
    form: { q1: "1" },
    headers: { Origin: new URL(attemptUrl).origin },
  });
  expect(post.status()).toBe(404);
  await other.close();
});
