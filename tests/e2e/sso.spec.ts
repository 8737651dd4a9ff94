/**
 * Single sign-on in a real browser: a real OpenID Connect provider (oidc-provider) runs in
 * this test process; the app server of the "sso" project is configured against it, with
 * PASSWORD_SIGN_IN=0.
 */
import { spawnSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { auditEvents, ssoIdentities, users } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { setDisabled } from "~/models/people.server";
import { createUser } from "~/models/users.server";
import { startTestIdp, type TestIdp } from "../support/oidc-provider";
import {
  SSO_APP_URL,
  SSO_CLIENT_ID,
  SSO_CLIENT_SECRET,
  SSO_DATABASE_PATH,
  SSO_IDP_PORT,
  SSO_LABEL,
  ssoDb,
} from "./sso-setup";

const BREAK_GLASS = { email: "glass@example.com", password: "break-glass-password-1" };
let idp: TestIdp;

test.beforeAll(async () => {
  idp = await startTestIdp({
    port: SSO_IDP_PORT,
    clientId: SSO_CLIENT_ID,
    clientSecret: SSO_CLIENT_SECRET,
    redirectUris: [`${SSO_APP_URL}/auth/sso/callback`],
    postLogoutRedirectUris: [`${SSO_APP_URL}/logout`],
  });
});
test.afterAll(async () => {
  await idp?.close();
});

/** Clicks "Sign in with …" and signs in at the IdP's own login and consent pages. */
async function signInWithIdp(page: Page, accountId: string) {
  await page.goto("/login");
  await page.getByRole("link", { name: `Sign in with ${SSO_LABEL}` }).click();
  await page.getByPlaceholder("Enter any login").fill(accountId);
  await page.getByPlaceholder("and password").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

const userByEmail = (email: string) => ssoDb().select().from(users).where(eq(users.email, email)).all();

test("a new person is created as a partner manager at their first sign-in", async ({ page }) => {
  idp.accounts.set("nia", { email: "nia@example.com", email_verified: true, name: "Nia Newcomer" });
  await signInWithIdp(page, "nia");
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const [nia] = userByEmail("nia@example.com");
  expect(nia?.name).toBe("Nia Newcomer");
  const link = ssoDb()
    .select()
    .from(ssoIdentities)
    .where(eq(ssoIdentities.userId, nia?.id ?? 0))
    .get();
  expect(link?.subject).toBe("nia");
});

test("a member of the admin group lands in /admin", async ({ page }) => {
  idp.accounts.set("ada", {
    email: "ada@example.com",
    email_verified: true,
    name: "Ada Admin",
    groups: ["academy-admins"],
  });
  await signInWithIdp(page, "ada");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("an existing password account is linked, not duplicated, and shows as such", async ({ page }) => {
  createUser(
    ssoDb(),
    {
      email: "pat@example.com",
      name: "Pat Password",
      roles: ["learner"],
      passwordHash: await hashPassword("pat-old-password"),
    },
    null,
    new Date(),
  );
  idp.accounts.set("pat-at-idp", { email: "Pat@Example.com", email_verified: true, name: "Pat Password" });
  await signInWithIdp(page, "pat-at-idp");
  await expect(page).toHaveURL(/\/learn$/);
  const matches = userByEmail("pat@example.com");
  expect(matches).toHaveLength(1);
  const linked = ssoDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectUserId, matches[0]?.id ?? 0), eq(auditEvents.action, "user.sso-linked")))
    .all();
  expect(linked).toHaveLength(1);
});

test("a tampered state is refused with a plain message", async ({ page }) => {
  idp.accounts.set("tess", { email: "tess@example.com", email_verified: true, name: "Tess" });
  // The state is changed in transit, on the way to the IdP: what comes back no longer
  // matches the one this browser's transaction holds.
  await page.route("**/auth/sso", async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    const location = new URL(response.headers()["location"] ?? "");
    location.searchParams.set("state", "tampered-state");
    await route.fulfill({ response, headers: { ...response.headers(), location: location.href } });
  });
  await signInWithIdp(page, "tess");
  await expect(page).toHaveURL(/\/login\?error=state$/);
  await expect(page.getByRole("alert")).toContainText("could not be verified");
  expect(userByEmail("tess@example.com")).toHaveLength(0);
});

test("a person disabled in the app cannot sign in through the IdP", async ({ page }) => {
  const now = new Date();
  const admin = createUser(ssoDb(), { email: "boss@example.com", name: "Boss", roles: ["admin"] }, null, now);
  const leaver = createUser(
    ssoDb(),
    { email: "leaver@example.com", name: "Lee", roles: ["learner"] },
    null,
    now,
  );
  setDisabled(ssoDb(), leaver, true, admin, "left the company", now);
  idp.accounts.set("lee", { email: "leaver@example.com", email_verified: true, name: "Lee" });
  await signInWithIdp(page, "lee");
  await expect(page).toHaveURL(/\/login\?error=disabled$/);
  await expect(page.getByRole("alert")).toContainText("Your Partner Academy account is disabled");
});

test("cancelling at the IdP lands on the login page, not an error page", async ({ page }) => {
  idp.accounts.set("cal", { email: "cal@example.com", email_verified: true });
  await page.goto("/login");
  await page.getByRole("link", { name: `Sign in with ${SSO_LABEL}` }).click();
  await page.getByRole("link", { name: "[ Cancel ]" }).click();
  await expect(page).toHaveURL(/\/login\?error=cancelled$/);
  await expect(page.getByRole("alert")).toContainText("Sign-in was cancelled");
});

test("PASSWORD_SIGN_IN=0 hides the password form; a break-glass admin still signs in", async ({ page }) => {
  const created = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "app/cli/admin-create.ts",
      "--email",
      BREAK_GLASS.email,
      "--name",
      "Glass Admin",
      "--break-glass",
    ],
    { env: { ...process.env, DATABASE_PATH: SSO_DATABASE_PATH, ADMIN_PASSWORD: BREAK_GLASS.password } },
  );
  expect(created.status, String(created.stderr)).toBe(0);
  createUser(
    ssoDb(),
    {
      email: "ordinary@example.com",
      name: "Ordinary Admin",
      roles: ["admin"],
      passwordHash: await hashPassword(BREAK_GLASS.password),
    },
    null,
    new Date(),
  );

  await page.goto("/login");
  await expect(page.getByRole("link", { name: `Sign in with ${SSO_LABEL}` })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);

  await page.getByRole("link", { name: "Break-glass sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Break-glass sign-in" })).toBeVisible();
  // The server, not just the page, refuses an ordinary account's right password.
  await page.getByLabel("Email").fill("ordinary@example.com");
  await page.getByLabel("Password").fill(BREAK_GLASS.password);
  await page.getByRole("button", { name: "Sign in with a password" }).click();
  await expect(page.getByRole("alert")).toContainText("do not match a break-glass account");
  await expect(page.getByLabel("Email")).toHaveValue("ordinary@example.com");

  await page.getByLabel("Email").fill(BREAK_GLASS.email);
  await page.getByLabel("Password").fill(BREAK_GLASS.password);
  await page.getByRole("button", { name: "Sign in with a password" }).click();
  await expect(page).toHaveURL(/\/admin$/);
});

test("signing out ends the app session and offers to sign out at the IdP too", async ({ page }) => {
  idp.accounts.set("olu", { email: "olu@example.com", email_verified: true, name: "Olu" });
  await signInWithIdp(page, "olu");
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await page.getByRole("link", { name: `Sign out of ${SSO_LABEL} too` }).click();
  // oidc-provider asks to confirm, then sends the browser back to the app.
  await page.getByRole("button", { name: /yes/i }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await page.goto("/learn");
  await expect(page).toHaveURL(/\/login/);
});
