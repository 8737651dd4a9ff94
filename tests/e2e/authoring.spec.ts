import { expect, test } from "@playwright/test";
import { count, eq } from "drizzle-orm";
import { modules } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { createUser } from "~/models/users.server";
import { e2eDb } from "./e2e-db";
import { answerAll, DEMO, signIn } from "./fixtures";

const GIFT = [
  "$CATEGORY: 01-hot-warm-and-cold-data",
  "::Tiering:: Which tier suits rarely read archives? {=Capacity tier#Right\\: cheap per TB. ~Performance tier#Too costly for cold data. ####Match the tier to how often data is read.}",
  "::Snapshots:: A snapshot replaces a backup. {FALSE#It does not\\: it lives on the same system.#Right\\: it lives on the same system. ####Keep a copy elsewhere.}",
  "::Reduction:: Which data compresses poorly? {=Already-compressed video#Right. ~Databases#They compress well. ~Virtual machines#They dedupe well.}",
  "::Protocols:: Which protocols are file protocols? {~%50%SMB#Yes. ~%50%NFS#Yes. ~%-100%iSCSI#Block, not file.}",
  "::Sizing:: Usable capacity is raw capacity minus protection and overhead. {TRUE#It is.#Yes. ####Quote usable, not raw.}",
  "$CATEGORY: 02-sizing-the-capacity-tier",
  "::Growth:: Data grows 30% a year from 100 TB. How much in two years? {#=169:1#Right\\: 100 × 1.3 × 1.3. ~160#That adds 30 TB twice. ####Growth compounds.}",
  "::Headroom:: Which is the safer capacity plan? {=Usable capacity for three years of growth plus headroom#Right. ~Raw capacity for today#Too small.}",
].join("\n\n");

test("a trainer authors and publishes a module, and a learner takes it", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const title = `Storage tiering essentials ${Date.now()}`;
  await signIn(page, DEMO.trainer);
  await page.getByRole("link", { name: "New module" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Technology").selectOption({ label: "Storage" });
  await page.getByRole("button", { name: "Create the module" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  // Publishing an empty draft is refused with the reasons.
  await page.getByRole("button", { name: /Publish version 1/ }).click();
  await expect(page.getByRole("alert")).toContainText("Add at least one lesson.");

  // Settings: competency and summary.
  await page.getByLabel("Summary").fill("Which storage tier for which data, and why.");
  await page.getByLabel("Storage portfolio").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  // Two lessons, written in Markdown with the live preview.
  for (const [lessonTitle, body] of [
    [
      "Hot, warm and cold data",
      "## Tiers\n\n| Tier | Use |\n|---|---|\n| Performance | databases |\n\n<script>window.pwned = 1</script>",
    ],
    ["Sizing the capacity tier", "## Sizing\n\n- Start from usable capacity\n- Add growth"],
  ] as const) {
    await page.getByLabel("New lesson title").fill(lessonTitle);
    await page.getByRole("button", { name: "Add lesson" }).click();
    await expect(page.getByRole("heading", { level: 1, name: lessonTitle })).toBeVisible();
    await page.getByLabel("Lesson text (Markdown)").fill(body);
    const preview = page.getByRole("region", { name: /Preview/ });
    await expect(preview.getByRole("heading", { level: 2 })).toHaveText(
      lessonTitle.startsWith("Hot") ? "Tiers" : "Sizing",
    );
    await page.getByRole("button", { name: "Save lesson" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    await page.getByRole("link", { name: "Back to the module" }).click();
  }
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

  // Questions from GIFT: preview first, then add.
  await page.getByRole("link", { name: /Assessment/ }).click();
  await page.getByLabel("GIFT text").fill("::Broken:: no closing brace {=a ~b");
  await page.getByRole("button", { name: "Preview the import" }).click();
  await expect(page.getByRole("alert")).toContainText("Line 1:");
  await page.getByLabel("GIFT text").fill(GIFT);
  await page.getByRole("button", { name: "Preview the import" }).click();
  await expect(page.getByText("Preview: 7 questions")).toBeVisible();
  await page.getByRole("button", { name: "Add these 7 questions" }).click();
  await expect(page.getByText("Imported 7 questions.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "7 questions" })).toBeVisible();

  // The bank is too small for a certification module: publishing is refused with the reason.
  await page.getByRole("link", { name: title }).click();
  await page.getByLabel("Questions per attempt (form size)").fill("5");
  await page.getByLabel("Time limit (minutes)").fill("20");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await expect(page.getByText(/Bank: 7 questions/)).toBeVisible();
  await page.getByRole("button", { name: "Publish version 1" }).click();
  await expect(page.getByRole("alert")).toContainText("needs at least 10 (2 × the form size of 5)");

  // The new kinds, written in the editor, each pointing at the lesson to revisit.
  await page.getByRole("link", { name: /Assessment/ }).click();
  const lesson2 = "Lesson 2: Sizing the capacity tier";
  await page.getByLabel("Kind").selectOption({ label: "Numerical" });
  await page
    .getByLabel("Question (Markdown)")
    .fill("A 60 TB array at 2:1 reduction holds how many effective TB?");
  await page.getByLabel("Lesson to revisit (category)").selectOption({ label: lesson2 });
  await page.getByLabel("Accepted number 1").fill("120:2");
  await page.getByLabel("Feedback for answer 1").fill("Right: 60 × 2.");
  await page.getByRole("button", { name: "Add the question" }).click();
  await expect(page.getByText("Question added.")).toBeVisible();
  await expect(page.getByText(/accepts 120:2/)).toBeVisible();

  await page.getByLabel("Kind").selectOption({ label: "Short answer" });
  await page.getByLabel("Question (Markdown)").fill("One word: the capacity you quote to a customer?");
  await page.getByLabel("Lesson to revisit (category)").selectOption({ label: lesson2 });
  await page.getByLabel("Answer 1", { exact: true }).fill("usable");
  await page.getByRole("button", { name: "Add the question" }).click();
  await expect(page.getByText(/accepts “usable”/)).toBeVisible();

  await page.getByLabel("Kind").selectOption({ label: "Matching" });
  await page.getByLabel("Question (Markdown)").fill("Match each tier with the data it suits.");
  await page.getByLabel("Lesson to revisit (category)").selectOption({ label: lesson2 });
  for (const [i, item, match] of [
    [1, "Performance tier", "Databases"],
    [2, "Capacity tier", "Archives"],
    [3, "", "Print queues"],
  ] as const) {
    if (item) await page.getByLabel(`Item ${i}`, { exact: true }).fill(item);
    await page.getByLabel(`Item ${i} matches`).fill(match);
  }
  await page.getByRole("button", { name: "Add the question" }).click();
  await expect(page.getByText(/2 items to match/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "10 questions" })).toBeVisible();

  // Publish.
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByText(/Bank: 10 questions/)).toBeVisible();
  await page.getByRole("button", { name: "Publish version 1" }).click();
  await expect(page.getByText(/Published version 1/)).toBeVisible();

  // A learner finds it in the catalog and takes it.
  const email = `new.learner.${Date.now()}@example.com`;
  createUser(
    e2eDb(),
    {
      email,
      name: "New Learner",
      roles: ["learner"],
      passwordHash: await hashPassword("new-learner-password"),
    },
    null,
    new Date(),
  );
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signIn(learner, email, "new-learner-password");
  await learner.goto(`/learn/catalog?q=${encodeURIComponent("tiering essentials")}`);
  await learner.getByRole("link", { name: title }).click();
  await learner.getByRole("link", { name: "Hot, warm and cold data" }).click();
  await expect(learner.getByRole("table")).toBeVisible();
  expect(await learner.content()).not.toContain("window.pwned");
  await learner.goto(learner.url().replace(/\/lessons\/\d+$/, ""));
  await learner.getByRole("button", { name: "Start the assessment" }).click();
  await answerAll(learner, true);
  await learner.getByRole("button", { name: "Submit answers" }).click();
  await expect(learner.getByRole("heading", { name: "You passed" })).toBeVisible();
  await learnerContext.close();

  // The trainer sees the attempt in the analytics.
  await page.getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByText("Enrolled").locator("..")).toContainText("1");
  await expect(page.getByRole("heading", { name: "Hardest questions" })).toBeVisible();
});

test("a learner gets 403 on authoring pages and crafted authoring POSTs change nothing", async ({ page }) => {
  await signIn(page, DEMO.learner);
  const response = await page.goto("/author");
  expect(response?.status()).toBe(403);
  const before = e2eDb().select({ n: count() }).from(modules).get()?.n;
  const origin = new URL(page.url()).origin;
  for (const [url, form] of [
    ["/author/modules/new", { title: "Sneaky module", technologyId: "1" }],
    ["/author/modules/1", { intent: "archive" }],
    ["/author/modules/1/questions", { intent: "import", gift: "::x:: y {=a ~b}" }],
    ["/author/preview", { markdown: "# hi" }],
    ["/author/attest", { userId: "4", competencyId: "6", evidence: "I attest myself, thank you very much." }],
  ] as const) {
    const post = await page.request.post(url, { form, headers: { Origin: origin } });
    expect(post.status(), url).toBe(403);
  }
  expect(e2eDb().select({ n: count() }).from(modules).get()?.n).toBe(before);
  expect(e2eDb().select().from(modules).where(eq(modules.id, 1)).get()?.archivedAt).toBeNull();
});
