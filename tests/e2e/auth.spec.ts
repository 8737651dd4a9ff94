import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./fixtures";

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.describe("signing in", () => {
  test("each demo role lands on its own page", async ({ page }) => {
    // Three sign-ins and three accessibility scans: more than one page's worth of time.
    test.setTimeout(60_000);
    await signIn(page, DEMO.learner);
    await expect(page).toHaveURL(/\/learn$/);
    await expect(page.getByRole("heading", { level: 1, name: "Welcome back, Sam" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Storage", exact: true })).toBeVisible();
    await expect(page.getByText("2 of 4 competencies held").first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: "Sign out" }).click();

    await signIn(page, DEMO.trainer);
    await expect(page).toHaveURL(/\/author$/);
    await expect(page.getByRole("heading", { level: 1, name: "Hello, Taylor" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Catalog coverage" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: "Sign out" }).click();

    await signIn(page, DEMO.admin);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { level: 1, name: "Channel overview" })).toBeVisible();
    // The demo always has lapsed assignments and certifications expiring within 30 days.
    const lapsed = page.getByRole("region", { name: "Lapsed assignments" });
    await expect(lapsed.getByText("Lapsed").first()).toBeVisible();
    await expect(
      page
        .getByRole("region", { name: "Certifications expiring within 30 days" })
        .getByRole("listitem")
        .first(),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test("the sign-in page is accessible", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test("a wrong password shows one message and keeps the email", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(DEMO.learner);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("That email and password do not match an account.");
    await expect(page.getByLabel("Email")).toHaveValue(DEMO.learner);

    // An unknown email gets exactly the same answer.
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("That email and password do not match an account.");
    await expect(page.getByLabel("Email")).toHaveValue("nobody@example.com");
  });

  test("malformed input gets a field message, never a server error", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("x".repeat(100_000));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
    await expect(page.getByText("Passwords are at most 256 characters.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue("not-an-email");

    await page.getByLabel("Email").fill("");
    await page.getByLabel("Password").fill("");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your email address.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeVisible();
  });
});

test.describe("access control", () => {
  test("a learner opening an admin page gets the 403 page", async ({ page }) => {
    await signIn(page, DEMO.learner);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  });

  test("a signed-out visitor is sent to sign in and returned to the page they wanted", async ({ page }) => {
    await page.goto("/author");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fauthor$/);
    await page.getByLabel("Email").fill(DEMO.trainer);
    await page.getByLabel("Password").fill("academy-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/author$/);
  });

  test("redirectTo cannot send anyone off-site", async ({ page }) => {
    await page.goto("/login?redirectTo=https://evil.example/steal");
    await page.getByLabel("Email").fill(DEMO.learner);
    await page.getByLabel("Password").fill("academy-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/localhost:\d+\/learn$/);
  });

  test("sign-out ends the session: the old cookie no longer works", async ({ page, context, request }) => {
    await signIn(page, DEMO.admin);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name.includes("academy_session"));
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");
    const cookieHeader = `${session?.name}=${session?.value}`;

    const before = await request.get("/admin", { headers: { Cookie: cookieHeader }, maxRedirects: 0 });
    expect(before.status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You have signed out.")).toBeVisible();

    const after = await request.get("/admin", { headers: { Cookie: cookieHeader }, maxRedirects: 0 });
    expect(after.status()).toBe(302);
    expect(after.headers().location).toBe("/login?redirectTo=%2Fadmin");
  });

  test("a tampered session cookie is treated as signed out", async ({ request }) => {
    const response = await request.get("/learn", {
      headers: { Cookie: "academy_session=forged-value.forged-signature" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toContain("/login");
  });

  test("a cross-origin POST is refused", async ({ request }) => {
    const response = await request.post("/login", {
      headers: { Origin: "https://evil.example" },
      form: { email: DEMO.admin, password: "academy-demo" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(response.headers()["set-cookie"]).toBeUndefined();
  });
});

test.describe("bad requests get a clear 4xx, never a 500", () => {
  test("bodies that are not a form, too large, or sent to nowhere", async ({ request }) => {
    const json = await request.post("/login", { data: { email: "a@b.c" } });
    expect(json.status()).toBe(400);
    expect(await json.text()).toContain("could not be read");

    const huge = await request.post("/login", { form: { email: "a@b.c", password: "x".repeat(2_000_000) } });
    expect(huge.status()).toBe(413);

    const nowhere = await request.post("/no/such/page", { form: { a: "1" } });
    expect(nowhere.status()).toBe(404);

    const noAction = await request.post("/healthz", { form: { a: "1" } });
    expect(noAction.status()).toBe(405);
  });
});

test.describe("the app shell", () => {
  test("healthz reports the app and database", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", app: "up", database: "up" });
  });

  test("unknown URLs get the styled 404 page", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("pages are served with a nonce CSP and no-store", async ({ request }) => {
    const response = await request.get("/login");
    const headers = response.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["cache-control"]).toBe("no-store");
    const nonce = headers["content-security-policy"]?.match(/'nonce-([^']+)'/)?.[1];
    const html = await response.text();
    expect(html).toContain(`nonce="${nonce}"`);
  });

  test("the phone-width layout keeps navigation usable", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, DEMO.admin);
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }),
    ).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
  });
});
