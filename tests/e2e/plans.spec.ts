import { expect, test } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { learningPlans, technologies, territories } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { addDays } from "~/domain/time";
import { createUser } from "~/models/users.server";
import { attain, STORAGE_SPECIALIST } from "../support/lifecycle";
import { e2eDb } from "./e2e-db";
import { answerAll, DEMO, signIn } from "./fixtures";

test("an admin nominates two people for a seat; the plan shows, progresses, goes overdue and completes into the gated seat", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const db = e2eDb();
  const storage = db.select().from(technologies).where(eq(technologies.slug, "storage")).get();
  const territory = db.select().from(territories).where(eq(territories.name, "Benelux")).get();
  expect(storage && territory).toBeTruthy();
  const cell = `/admin/coverage/${territory?.id}/${storage?.id}`;
  const stamp = Date.now();
  const password = "plans-learner-pw";
  const passwordHash = await hashPassword(password);
  const person = (first: string) => {
    const name = `${first} Plan${stamp % 100000}`;
    const email = `${first.toLowerCase()}.plan.${stamp}@example.com`;
    const id = createUser(
      db,
      { email, name, roles: ["learner"], territoryId: territory?.id ?? null, passwordHash },
      null,
      new Date(),
    );
    return { id, name, email };
  };
  const elena = person("Elena");
  const piet = person("Piet");
  const due = addDays(new Date(), 60).toISOString().slice(0, 10);

  // The admin nominates both from the cell's candidates, with a due date and a note.
  await signIn(page, DEMO.admin);
  await page.goto(cell);
  await page.getByText("Nominate partner managers of Benelux").click();
  const form = page.getByRole("form", { name: "Nominate for this seat" });
  await form.getByRole("checkbox", { name: new RegExp(elena.name) }).check();
  await form.getByRole("checkbox", { name: new RegExp(piet.name) }).check();
  await form.getByLabel("Program").selectOption({ label: "Storage Specialist" });
  await form.getByLabel("Due date").fill(due);
  await form.getByLabel("Note for the nominees").fill("Benelux needs a storage specialist by spring.");
  await form.getByRole("button", { name: "Nominate the people ticked" }).click();
  await expect(form.getByRole("status")).toContainText("Nominated 2 people.");
  const training = page.getByRole("region", { name: "In training for this seat" });
  await expect(training.getByRole("link", { name: elena.name })).toBeVisible();
  await expect(training.getByRole("link", { name: piet.name })).toBeVisible();

  // Elena sees the plan first on her dashboard, and it progresses when she passes a module.
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signIn(learner, elena.email, password);
  await learner.goto("/learn");
  const plans = learner.getByRole("region", { name: "Your learning plans" });
  await expect(plans).toContainText("Storage Specialist");
  await expect(plans).toContainText("Target seat: specialist for Storage in Benelux");
  await expect(plans).toContainText("0 of 4 competencies");
  await expect(plans).toContainText("Benelux needs a storage specialist by spring.");
  await expect(plans.getByText(/On track/)).toBeVisible();
  await plans.getByRole("list", { name: "Modules for Storage Specialist" }).getByRole("link").first().click();
  await learner.getByRole("button", { name: "Start the assessment" }).click();
  await answerAll(learner, true);
  await learner.getByRole("button", { name: "Submit answers" }).click();
  await expect(learner.getByRole("heading", { name: "You passed" })).toBeVisible();
  await learner.goto("/learn");
  await expect(plans).toContainText("1 of 4 competencies");
  await expect(plans).toContainText(/[1-9]\d* of \d+ min of modules done/);
  await learnerContext.close();

  // Piet's due date passes: the plans view shows Elena on track and Piet overdue.
  const yesterday = new Date(`${addDays(new Date(), -2).toISOString().slice(0, 10)}T00:00:00Z`);
  db.update(learningPlans).set({ dueOn: yesterday }).where(eq(learningPlans.userId, piet.id)).run();
  await page.goto("/admin/plans");
  await page.getByLabel("Target territory").selectOption({ label: "Benelux" });
  const table = page.getByRole("table", { name: "Plans" });
  await expect(table.getByRole("row", { name: new RegExp(elena.name) })).toContainText("On track");
  await expect(table.getByRole("row", { name: new RegExp(piet.name) })).toContainText("Overdue");
  await expect(
    page.getByRole("table", { name: "Territory" }).getByRole("row", { name: /Benelux/ }),
  ).toBeVisible();

  // Elena is certified: her plan is complete and offers the seat, through the gate.
  attain(db, elena.id, STORAGE_SPECIALIST, new Date());
  await page.goto("/admin/plans?state=completed");
  await page.getByRole("table", { name: "Plans" }).getByRole("link", { name: elena.name }).click();
  await expect(page.getByRole("heading", { name: "Completed: what next?" })).toBeVisible();
  await page.getByRole("button", { name: "Assign to the seat" }).click();
  await expect(page.getByRole("status")).toContainText("Assigned to the seat.");
  await expect(page.getByRole("region", { name: "Outcome" })).toContainText(
    "Assigned: Specialist for Storage in Benelux",
  );
  await page.goto(cell);
  await expect(
    page.getByRole("region", { name: "Assigned now" }).getByRole("link", { name: elena.name }),
  ).toBeVisible();
  const elenaPlan = db
    .select()
    .from(learningPlans)
    .where(and(eq(learningPlans.userId, elena.id), eq(learningPlans.outcome, "assigned")))
    .get();
  expect(elenaPlan?.assignmentId).toBeTruthy();

  // Piet has not been certified since his nomination: no seat is offered, and a forged request is refused.
  await page.goto("/admin/plans?state=overdue");
  await page.getByRole("table", { name: "Plans" }).getByRole("link", { name: piet.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(piet.name) })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Change the plan" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Assign to the seat" })).toHaveCount(0);
  const refused = await page.request.post(page.url(), {
    form: { intent: "assign" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(refused.status()).toBe(409);
});
