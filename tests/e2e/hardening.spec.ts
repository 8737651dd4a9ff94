/**
 * Issue #11's probes, as a new user and as an attacker would try them against the real
 * server: every bad request gets a clean answer (and the server log is checked for 5xx and
 * stack traces after the run, in server-log.teardown.ts).
 */
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { and, count, eq, gt, isNull, like } from "drizzle-orm";
import {
  certificationPrograms,
  certifications,
  specialistAssignments,
  technologies,
  territories,
  users,
} from "#db/schema";
import { E2E_SERVER_LOG, e2eDb } from "./e2e-db";
import { DEMO, signIn } from "./fixtures";

/** Console errors (a hydration mismatch shows up here), but not the page's own 400 status. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      errors.push(message.text());
  });
  return errors;
}

test.describe("malformed percent-encoding", () => {
  for (const url of ["/learn/attempts/%FF", "/verify/%C3%28", "/learn/modules/%E0%A4%A"]) {
    test(`${url} gets the app's 400 page with a reference, logged as one line`, async ({ page }) => {
      const errors = consoleErrors(page);
      const response = await page.goto(url);
      expect(response?.status()).toBe(400);
      await expect(page.getByRole("heading", { level: 1, name: "Malformed address" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Skip to content" })).toBeAttached();
      const id = response?.headers()["x-request-id"] ?? "";
      await expect(page.getByText(`Reference ${id}: quote it if you contact support.`)).toBeVisible();
      await page.waitForLoadState("networkidle");
      expect(errors).toEqual([]);
      await expect
        .poll(() =>
          fs
            .readFileSync(E2E_SERVER_LOG, "utf8")
            .split("\n")
            .filter((l) => l.includes(id)),
        )
        .toEqual([expect.stringMatching(/"route":"malformed-url".*"status":400/)]);
    });
  }
});

test.describe("a coverage cell", () => {
  const db = e2eDb();

  test("an unknown territory or technology is 404 for the page and for its actions", async ({ page }) => {
    const now = new Date();
    // A person certified for a technology: assigning them to a cell that does not exist
    // once reached the database and failed on a foreign key (500).
    const certified = db
      .select({ userId: certifications.userId, technologyId: certificationPrograms.technologyId })
      .from(certifications)
      .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
      .where(and(isNull(certifications.revokedAt), gt(certifications.expiresAt, now)))
      .get();
    const territory = db.select({ id: territories.id }).from(territories).get();
    expect(certified && territory).toBeTruthy();
    const assignments = () => db.select({ n: count() }).from(specialistAssignments).get()?.n;
    const before = assignments();
    await signIn(page, DEMO.admin);
    for (const cell of [`999999/${certified?.technologyId}`, `${territory?.id}/999999`]) {
      const response = await page.goto(`/admin/coverage/${cell}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      const forms: Record<string, string>[] = [
        { intent: "assign", userId: String(certified?.userId), role: "specialist" },
        { intent: "end", assignmentId: "1" },
      ];
      for (const form of forms) {
        const post = await page.request.post(`/admin/coverage/${cell}`, { form, maxRedirects: 0 });
        expect(post.status(), `${form.intent} on ${cell}`).toBe(404);
      }
    }
    expect(assignments()).toBe(before);
  });

  test("'End assignment' cannot end another cell's assignment", async ({ page }) => {
    const active = db.select().from(specialistAssignments).where(isNull(specialistAssignments.endedAt)).all();
    const here = active[0];
    const elsewhere = active.find(
      (a) => a.territoryId !== here?.territoryId || a.technologyId !== here?.technologyId,
    );
    expect(here && elsewhere).toBeTruthy();
    await signIn(page, DEMO.admin);
    const response = await page.request.post(`/admin/coverage/${here?.territoryId}/${here?.technologyId}`, {
      form: { intent: "end", assignmentId: String(elsewhere?.id) },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(404);
    const after = db
      .select({ endedAt: specialistAssignments.endedAt })
      .from(specialistAssignments)
      .where(eq(specialistAssignments.id, elsewhere?.id ?? -1))
      .get();
    expect(after?.endedAt).toBeNull();
  });
});

test.describe("CSV import of people", () => {
  const db = e2eDb();
  const csv = (tag: string) =>
    [
      "name,email,territory",
      `Valid One,${tag}.one@example.com,`,
      `Bad Email,${tag}-not-an-email,`,
      `Valid Two,${tag}.two@example.com,`,
      `Duplicate,${tag}.one@example.com,`,
      `Lost,${tag}.lost@example.com,Atlantis`,
    ].join("\n");
  const imported = (tag: string) =>
    db
      .select({ email: users.email })
      .from(users)
      .where(like(users.email, `${tag}.%`))
      .all()
      .map((u) => u.email)
      .sort();

  test("a direct POST of a file with bad rows and no confirmation writes nothing", async ({ page }) => {
    await signIn(page, DEMO.admin);
    const posts: Record<string, string>[] = [
      { intent: "import", csv: csv("direct") },
      { intent: "import", csv: csv("direct"), digest: "0".repeat(32), skip: "3" },
    ];
    for (const multipart of posts) {
      const response = await page.request.post("/admin/people/import", { multipart, maxRedirects: 0 });
      expect(response.status()).toBeGreaterThanOrEqual(400);
      expect(response.status()).toBeLessThan(500);
    }
    expect(imported("direct")).toEqual([]);
  });

  test("the admin previews, downloads the skipped rows, and imports the valid ones on purpose", async ({
    page,
  }) => {
    await signIn(page, DEMO.admin);
    await page.goto("/admin/people/import");
    await page.getByLabel("…or paste the CSV").fill(csv("journey"));
    await page.getByRole("button", { name: "Check the file" }).click();
    const preview = page.getByRole("region", { name: "What the import would do" });
    await expect(preview).toContainText("2 rows can be imported: 2 new, 0 updates.");
    await expect(preview.getByRole("status")).toContainText("3 rows have errors");
    await expect(preview.getByRole("region", { name: "Rows with errors" })).toContainText(
      "unknown territory “Atlantis”",
    );
    expect(imported("journey"), "checking imports nothing").toEqual([]);

    const download = page.waitForEvent("download");
    await preview.getByRole("button", { name: "Download the 3 skipped rows (CSV)" }).click();
    const file = await (await download).path();
    const skipped = fs
      .readFileSync(file ?? "", "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(skipped).toEqual([
      "name,email,territory,problem",
      "Bad Email,journey-not-an-email,,not a valid email address",
      "Duplicate,journey.one@example.com,,duplicate of line 2",
      "Lost,journey.lost@example.com,Atlantis,unknown territory “Atlantis”",
    ]);

    await preview.getByRole("button", { name: "Import 2 valid rows, skip 3" }).click();
    await expect(page.getByRole("status").first()).toContainText(
      "Imported: 2 created, 0 updated. 3 rows with errors were skipped.",
    );
    expect(imported("journey")).toEqual(["journey.one@example.com", "journey.two@example.com"]);
  });
});

test.describe("request ids", () => {
  test("every response has one, and an error page after a client-side navigation quotes it", async ({
    page,
  }) => {
    const db = e2eDb();
    const technology = db.select({ id: technologies.id }).from(technologies).get();
    await signIn(page, DEMO.admin);
    await page.goto("/admin/coverage");
    const failed = page.waitForResponse((r) => r.url().includes("_data=") && r.status() === 404);
    // A client-side navigation, as a <Link> makes (Remix exposes its router for this).
    await page.evaluate(
      (to) =>
        (window as unknown as { __remixRouter: { navigate: (to: string) => void } }).__remixRouter.navigate(
          to,
        ),
      `/admin/coverage/999999/${technology?.id}`,
    );
    const id = (await failed).headers()["x-request-id"];
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText(`Reference ${id}:`)).toBeVisible();
  });
});
