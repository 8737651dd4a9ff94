import { expect, type Page } from "@playwright/test";
import { inArray } from "drizzle-orm";
import { choices } from "#db/schema";
import { e2eDb } from "./e2e-db";

export const DEMO_PASSWORD = "academy-demo";
export const DEMO = {
  admin: "admin@example.com",
  trainer: "trainer@example.com",
  learner: "learner@example.com",
} as const;

/** Signs in through the real form and waits for the landing page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, from = "/login") {
  await page.goto(from);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Reads the answer key for the choices shown on the page (the page itself has none). */
export async function answerAll(page: Page, correct: boolean) {
  await expect(page.getByRole("button", { name: "Submit answers" })).toBeVisible();
  const inputs = page.locator("form input[name^=q]");
  const ids = await inputs.evaluateAll((els) => els.map((e) => Number((e as HTMLInputElement).value)));
  const key = e2eDb().select().from(choices).where(inArray(choices.id, ids)).all();
  const byQuestion = new Map<number, typeof key>();
  for (const c of key) byQuestion.set(c.questionId, [...(byQuestion.get(c.questionId) ?? []), c]);
  for (const [, options] of byQuestion) {
    const wanted = options.filter((c) => c.isCorrect === correct);
    const multiple =
      (await page.locator(`input[value="${options[0]?.id}"]`).getAttribute("type")) === "checkbox";
    for (const c of multiple ? wanted : wanted.slice(0, 1))
      await page.locator(`input[value="${c.id}"]`).check();
  }
  return key;
}
