import { expect, type Page } from "@playwright/test";
import { eq, inArray } from "drizzle-orm";
import { attemptQuestions, choices, questions } from "#db/schema";
import { answerFields } from "../support/answers";
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

/** The attempt on the page (its id is in the URL). */
export function attemptIdOf(page: Page): number {
  const match = /\/learn\/attempts\/(\d+)/.exec(page.url());
  if (!match) throw new Error(`not an attempt page: ${page.url()}`);
  return Number(match[1]);
}

/**
 * Answers every question right (or wrong) through the page's own controls. The page names
 * no choice, so the answers come from the test oracle on the server side (the stored form
 * and the key). Returns every text of the key of the questions asked, for leak checks.
 */
export async function answerAll(page: Page, correct: boolean): Promise<string[]> {
  await expect(page.getByRole("button", { name: "Submit answers" })).toBeVisible();
  const attemptId = attemptIdOf(page);
  for (const [name, values] of answerFields(e2eDb(), attemptId, correct)) {
    const control = page.locator(`[name="${name}"]`);
    const first = control.first();
    const tag = await first.evaluate((el) => el.tagName.toLowerCase());
    const type = (await first.getAttribute("type")) ?? "";
    if (tag === "select") await first.selectOption(values[0] ?? "");
    else if (type === "radio" || type === "checkbox") {
      for (const value of values) await page.locator(`[name="${name}"][value="${value}"]`).check();
    } else await first.fill(values[0] ?? "");
  }
  return keyTextsOf(attemptId);
}

/** Every text of the key of an attempt's questions: choices, accepted answers, matches, feedback. */
export function keyTextsOf(attemptId: number): string[] {
  const db = e2eDb();
  const asked = db
    .select({ questionId: attemptQuestions.questionId })
    .from(attemptQuestions)
    .where(eq(attemptQuestions.attemptId, attemptId))
    .all()
    .map((r) => r.questionId);
  const qs = db.select().from(questions).where(inArray(questions.id, asked)).all();
  const cs = db.select().from(choices).where(inArray(choices.questionId, asked)).all();
  return [
    ...qs.map((q) => q.explanation),
    ...cs.flatMap((c) => [c.text, c.feedback, c.matchText ?? ""]),
  ].filter((text) => text.length >= 4);
}

/** The texts of `main` except question prompts and lesson names (which a result shows anyway). */
export async function resultTextWithoutPrompts(page: Page): Promise<{ shown: string; allowed: string }> {
  return page.evaluate(() => {
    const main = document.querySelector("main")?.cloneNode(true);
    if (!(main instanceof HTMLElement)) return { shown: "", allowed: "" };
    const allowed: string[] = [];
    main.querySelectorAll(".question-prompt, a[href*='/lessons/'], h1, .breadcrumb").forEach((el) => {
      allowed.push(el.textContent ?? "");
      el.remove();
    });
    return { shown: main.innerHTML, allowed: allowed.join("\n") };
  });
}
