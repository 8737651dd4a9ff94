/**
 * Lessons with wide tables (the shipped ones whose tables overflow a desktop window) pass
 * axe, and their tables scroll from the keyboard. Every lesson's markup is checked in
 * tests/unit/hardening.test.ts; these are the pages where it shows.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./fixtures";

const WIDE_TABLES = [
  "document-management-partner-growth/lessons/2",
  "networking-partner-growth/lessons/1",
  "pcs-partner-growth/lessons/1",
  "printing-partner-growth/lessons/2",
  "servers-partner-growth/lessons/2",
  "storage-partner-growth/lessons/1",
];

for (const lesson of WIDE_TABLES) {
  test(`${lesson} passes axe`, async ({ page }) => {
    await signIn(page, DEMO.learner);
    await page.goto(`/learn/modules/${lesson}`);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
  });
}

test("an overflowing table is a labelled stop for Tab, and the arrow keys scroll it", async ({ page }) => {
  await signIn(page, DEMO.learner);
  await page.goto(`/learn/modules/${WIDE_TABLES[0]}`);
  const regions = page.locator(".prose .table-scroll");
  const overflowing = await regions.evaluateAll((els) =>
    els.findIndex((el) => el.scrollWidth > el.clientWidth),
  );
  expect(overflowing).toBeGreaterThanOrEqual(0);
  const wide = regions.nth(overflowing);
  await expect(wide).toHaveAttribute("role", "region");
  await expect(wide).toHaveAttribute("aria-label", /^Table: /);
  await wide.focus();
  await expect(wide).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => wide.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
});
