import { expect, type Page } from "@playwright/test";

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
