import { expect, test, type Page } from "@playwright/test";
import { and, eq, isNull, sql } from "drizzle-orm";
import { auditEvents, specialistAssignments, technologies, territories, users } from "#db/schema";
import { e2eDb } from "./e2e-db";
import { DEMO, signIn } from "./fixtures";

/** The demo's specialist at the seat cap: two specialist seats, one of them at home. */
function personAtCap() {
  const db = e2eDb();
  const row = db
    .select({ userId: specialistAssignments.userId })
    .from(specialistAssignments)
    .where(and(eq(specialistAssignments.role, "specialist"), isNull(specialistAssignments.endedAt)))
    .groupBy(specialistAssignments.userId)
    .having(sql`count(*) = 2`)
    .get();
  if (!row) throw new Error("the demo has nobody at the seat cap");
  const person = db
    .select({ name: users.name, territoryId: users.territoryId })
    .from(users)
    .where(eq(users.id, row.userId))
    .get();
  const home = db
    .select({ technology: technologies.name, territory: territories.name })
    .from(specialistAssignments)
    .innerJoin(technologies, eq(technologies.id, specialistAssignments.technologyId))
    .innerJoin(territories, eq(territories.id, specialistAssignments.territoryId))
    .where(
      and(
        eq(specialistAssignments.userId, row.userId),
        eq(specialistAssignments.territoryId, person?.territoryId ?? -1),
        isNull(specialistAssignments.endedAt),
      ),
    )
    .get();
  if (!person || !home) throw new Error("the person at the cap holds no seat at home");
  return { name: person.name, ...home };
}

async function setSeatCaps(page: Page, specialist: string, lead: string) {
  await page.goto("/admin/programs");
  const form = page.getByRole("form", { name: "Seat caps" });
  await form.getByLabel("Specialist seats per person").fill(specialist);
  await form.getByLabel("Lead seats per person").fill(lead);
  await form.getByRole("button", { name: "Save seat caps" }).click();
  await expect(page.getByRole("status")).toContainText("Seat caps saved.");
}

test("the admin plans coverage: forecast, bench view, a seat cap refusal, and a previewed program change in the audit log", async ({
  page,
}) => {
  // A long journey through five pages on a machine shared with other work.
  test.setTimeout(120_000);
  await signIn(page, DEMO.admin);

  // The forecast on the overview: an image with a caption, and the same figures as a table.
  await page.goto("/admin");
  const forecast = page.getByRole("region", { name: "Coverage forecast: the next 12 months" });
  await expect(forecast.getByRole("img")).toBeVisible();
  await expect(forecast.getByRole("figure")).toContainText("if nobody else certifies");
  await forecast.getByText("The forecast as a table").click();
  await expect(forecast.getByRole("table").getByRole("row")).toHaveCount(13);

  // The heatmap's bench view marks held cells nobody else could take over.
  await forecast.getByRole("link", { name: "Bench view →" }).click();
  await expect(page.getByLabel("View")).toHaveValue("bench");
  await expect(page.getByTestId("bench-summary")).toContainText("held cells have no eligible backup");
  await expect(page.getByRole("link", { name: /, no backup$/ }).first()).toBeVisible();
  await page.getByLabel("View").selectOption("status");
  await expect(page).not.toHaveURL(/view=bench/);
  await expect(page.getByTestId("bench-summary")).toHaveCount(0);

  // Seat caps: with one specialist seat per person, the person holding two is flagged and a
  // seat freed then taken again is refused over the cap, with the reason.
  const atCap = personAtCap();
  await setSeatCaps(page, "1", "4");
  await expect(
    page.getByRole("region", { name: "Seat caps" }).getByRole("listitem").filter({ hasText: atCap.name }),
  ).toContainText("Over the cap: 2 specialist seats, cap 1");
  await page.getByRole("region", { name: "Seat caps" }).getByRole("link", { name: atCap.name }).click();
  await expect(page.getByLabel("Seats held")).toContainText("Over the cap: 2 of 1 specialist seats");
  await page.goto("/admin/coverage?region=all&businessUnit=all");
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  await page
    .getByRole("link", { name: new RegExp(`^${escape(atCap.territory)}, ${escape(atCap.technology)}:`) })
    .click();
  await expect(
    page.getByRole("heading", { level: 1, name: `${atCap.technology} in ${atCap.territory}` }),
  ).toBeVisible();
  const cellUrl = page.url();
  const assigned = page.getByRole("region", { name: "Assigned now" }).getByRole("listitem").filter({
    hasText: atCap.name,
  });
  await expect(assigned).toContainText("Over the specialist seat cap (2 of 1)");
  await assigned.getByRole("button", { name: "End assignment" }).click();
  await expect(page.getByRole("status")).toContainText("Assignment ended.");
  await page.getByRole("button", { name: `Assign ${atCap.name} as specialist` }).click();
  await expect(page.getByRole("alert")).toContainText(
    `Not assigned. ${atCap.name} already holds 1 specialist seat; the cap is 1 per person.`,
  );
  // The bench of the cell, one row per person, smallest path first.
  await expect(
    page.getByRole("region", { name: "Bench" }).getByRole("list", { name: "Next to train" }),
  ).toBeVisible();
  // Back as the demo had it.
  await setSeatCaps(page, "2", "4");
  await page.goto(cellUrl);
  await page.getByRole("button", { name: `Assign ${atCap.name} as specialist` }).click();
  await expect(page.getByRole("status")).toContainText("Assigned as specialist.");

  // What-if: Servers Specialist would also require partner growth planning.
  await page.goto("/admin/programs");
  await page.getByText("Servers", { exact: true }).click();
  const program = page
    .locator("form")
    .filter({ has: page.getByRole("heading", { name: /^Servers Specialist/ }) });
  await program.getByLabel("Servers partner growth planning (business-model)").check();
  await program.getByRole("button", { name: "Preview the change" }).click();
  const whatIf = page.getByRole("region", { name: "What-if: Servers Specialist" });
  await expect(whatIf).toContainText("Adds Servers partner growth planning.");
  await expect(whatIf).toContainText("No certification is revoked");
  const holders = whatIf.getByRole("table").getByRole("row");
  await expect(holders.first()).toContainText("Holder");
  const affected = (await holders.count()) - 1;
  expect(affected).toBeGreaterThan(0);
  await expect(whatIf.getByRole("table")).toContainText("Servers partner growth planning");
  const figures = (await whatIf.locator("dd").first().innerText()).trim();
  expect(figures).toMatch(new RegExp(`^${affected} of \\d+$`));

  // Saving keeps the previewed requirement and records the preview's figures.
  await program.getByRole("button", { name: "Save program" }).click();
  await expect(page.getByRole("status")).toContainText(`${affected} of`);
  await expect(page.getByRole("status")).toContainText("The audit log keeps these figures.");
  await page.goto("/admin/audit?action=program.updated");
  const row = page.getByRole("row").filter({ hasText: "program.updated" }).first();
  await expect(row).toContainText(`"holdersAffected":${affected}`);
  await expect(row).toContainText('"trainingMinutes":');
  await expect(row).toContainText('"added":["Servers partner growth planning"]');

  const audit = e2eDb()
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(eq(auditEvents.action, "program.updated"))
    .orderBy(sql`${auditEvents.id} desc`)
    .get();
  expect(audit?.details?.whatIf).toMatchObject({ holdersAffected: affected });
});
