/**
 * The whole OpenID Connect round trip against a real provider (oidc-provider) started in
 * this process: the app's start and callback handlers, the IdP's own login and consent
 * forms, the app's session at the end — and every way it can go wrong.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createCookie } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { auditEvents, users } from "#db/schema";
import { createTestDb } from "../support/db";
import { loginAtIdp, startTestIdp, type TestIdp } from "../support/oidc-provider";

const APP = "http://app.test";
const SECRET = "sso-flow-test-secret-sso-flow-test-secret";
const t = createTestDb();
const idp = await startTestIdp({
  redirectUris: [`${APP}/auth/sso/callback`],
  postLogoutRedirectUris: [`${APP}/logout`],
});
Object.assign(process.env, {
  NODE_ENV: "test",
  DATABASE_PATH: t.file,
  SESSION_SECRET: SECRET,
  OIDC_ISSUER: idp.issuer,
  OIDC_CLIENT_ID: idp.clientId,
  OIDC_CLIENT_SECRET: idp.clientSecret,
  OIDC_ALLOW_HTTP: "1",
  OIDC_LABEL: "Example ID",
  OIDC_SCOPES: "openid email profile groups",
  OIDC_ADMIN_GROUPS: "academy-admins",
  PASSWORD_SIGN_IN: "0",
});
// Imported after the environment is set: the configuration is read once.
const { finishSso, idpSignOutOffer, pendingIdpSignOut, ssoSignOut, startSso } =
  await import("~/auth/sso.server");
const { ssoSettings } = await import("~/auth/sso-settings.server");
const { getUser, signOut } = await import("~/auth/auth.server");
const { passwordSignIn } = await import("~/auth/password-sign-in.server");
const { hashPassword } = await import("~/auth/password.server");
const { createUser } = await import("~/models/users.server");
const { closeDb } = await import("~/utils/db.server");

const settings = ssoSettings();
assert.ok(settings);
after(async () => {
  await idp.close();
  closeDb();
  t.close();
});

const cookieOf = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith(`${name}=`) && c !== `${name}=`);

/** Starts a sign-in at the app, logs in at the IdP as `account`; the callback request. */
async function roundTrip(account: string, { from = "/auth/sso", cancel = false, via = idp } = {}) {
  const s =
    via === idp ? settings! : { ...settings!, issuer: new URL(via.issuer), clientSecret: via.clientSecret };
  const start = await startSso(new Request(APP + from), {}, s);
  assert.equal(start.status, 302);
  const transaction = cookieOf(start, "academy_sso");
  assert.ok(transaction, "the transaction cookie is set");
  const back = await loginAtIdp(start.headers.get("location") ?? "", account, { cancel });
  return { back, transaction, settings: s };
}

const finish = (url: URL, cookie: string | undefined, s = settings!) =>
  finishSso(new Request(url, { headers: cookie ? { cookie } : {} }), {}, s);

describe("OpenID Connect sign-in against a real provider", () => {
  before(() => {
    idp.accounts.set("newcomer", {
      email: "newcomer@example.com",
      email_verified: true,
      name: "Nia Newcomer",
    });
    idp.accounts.set("boss", {
      email: "boss@example.com",
      email_verified: true,
      name: "Bo Boss",
      groups: ["academy-admins"],
    });
    idp.accounts.set("unverified", { email: "unverified@example.com", email_verified: false, name: "U" });
  });

  it("asks for the code flow with PKCE S256, state and nonce", async () => {
    const start = await startSso(new Request(`${APP}/auth/sso`), {}, settings!);
    const url = new URL(start.headers.get("location") ?? "");
    assert.equal(url.origin, idp.issuer);
    assert.equal(url.searchParams.get("response_type"), "code");
    assert.equal(url.searchParams.get("code_challenge_method"), "S256");
    assert.ok(url.searchParams.get("state"));
    assert.ok(url.searchParams.get("nonce"));
    assert.equal(url.searchParams.get("redirect_uri"), `${APP}/auth/sso/callback`);
    assert.match(start.headers.get("set-cookie") ?? "", /HttpOnly; SameSite=Lax/);
  });

  it("creates a new person as a partner manager and starts the app's own session", async () => {
    const { back, transaction } = await roundTrip("newcomer", {
      from: "/auth/sso?redirectTo=%2Flearn%2Fcatalog",
    });
    const done = await finish(back, transaction);
    assert.equal(done.headers.get("location"), "/learn/catalog");
    assert.ok(
      done.headers.getSetCookie().some((c) => c.startsWith("academy_sso=;")),
      "transaction cleared",
    );
    const session = cookieOf(done, "academy_session");
    const user = await getUser(new Request(`${APP}/learn`, { headers: { cookie: session ?? "" } }));
    assert.equal(user?.email, "newcomer@example.com");
    assert.deepEqual(user?.roles, ["learner"]);
    const row = t.db.select().from(users).where(eq(users.email, "newcomer@example.com")).get();
    assert.ok(row?.lastSignInAt, "the last sign-in is recorded");
    const signedIn = t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, row.id), eq(auditEvents.action, "user.signed-in")))
      .get();
    assert.deepEqual(signedIn?.details, { method: "sso" });
  });

  it("sends a member of the admin group to /admin", async () => {
    const { back, transaction } = await roundTrip("boss");
    assert.equal((await finish(back, transaction)).headers.get("location"), "/admin");
  });

  it("refuses a tampered state, a wrong nonce, a missing transaction and a replayed code", async () => {
    const { back, transaction } = await roundTrip("newcomer");
    const tampered = new URL(back);
    tampered.searchParams.set("state", "tampered");
    assert.equal((await finish(tampered, transaction)).headers.get("location"), "/login?error=state");

    // The same transaction but another nonce: the ID token's nonce no longer matches.
    const second = await roundTrip("newcomer");
    const cookie = createCookie("academy_sso", { secrets: [SECRET] });
    const tx = await cookie.parse(second.transaction ?? "");
    const forged = (await cookie.serialize({ ...tx, nonce: "not-the-nonce" })).split(";")[0];
    assert.equal((await finish(second.back, forged)).headers.get("location"), "/login?error=state");

    const third = await roundTrip("newcomer");
    assert.equal((await finish(third.back, undefined)).headers.get("location"), "/login?error=state");
    assert.match((await finish(third.back, third.transaction)).headers.get("location") ?? "", /^\/learn/);
    assert.equal(
      (await finish(third.back, third.transaction)).headers.get("location"),
      "/login?error=expired",
      "a code works once",
    );
  });

  it("lands on the login page when the person cancels at the IdP, and logs it with the request id", async (t) => {
    const { back, transaction } = await roundTrip("newcomer", { cancel: true });
    assert.equal(back.searchParams.get("error"), "access_denied");
    const log = t.mock.method(console, "log", () => {});
    const done = await finishSso(
      new Request(back, { headers: { cookie: transaction ?? "" } }),
      { requestId: "req-cancelled-1" },
      settings!,
    );
    assert.equal(done.headers.get("location"), "/login?error=cancelled");
    const line = JSON.parse(String(log.mock.calls[0]?.arguments[0]));
    assert.equal(line.event, "sso.refused");
    assert.equal(line.reqId, "req-cancelled-1");
    assert.equal(line.code, "cancelled");
  });

  it("refuses an unverified email and creates nobody", async () => {
    const { back, transaction } = await roundTrip("unverified");
    assert.equal((await finish(back, transaction)).headers.get("location"), "/login?error=email-unverified");
    assert.equal(t.db.select().from(users).where(eq(users.email, "unverified@example.com")).get(), undefined);
  });

  it("says the IdP is unavailable when discovery fails or the IdP goes away mid-flow", async () => {
    const nowhere = { ...settings!, issuer: new URL("http://127.0.0.1:9/") };
    const start = await startSso(new Request(`${APP}/auth/sso`), {}, nowhere);
    assert.equal(start.headers.get("location"), "/login?error=idp-unavailable");

    const other: TestIdp = await startTestIdp({ redirectUris: [`${APP}/auth/sso/callback`] });
    other.accounts.set("newcomer", { email: "newcomer@example.com", email_verified: true });
    const flow = await roundTrip("newcomer", { via: other });
    await other.close();
    const done = await finish(flow.back, flow.transaction, flow.settings);
    assert.equal(done.headers.get("location"), "/login?error=idp-unavailable");
  });

  it("signs out of the app, then offers the IdP's end-session endpoint with the ID token", async () => {
    const { back, transaction } = await roundTrip("newcomer");
    const session = cookieOf(await finish(back, transaction), "academy_session") ?? "";
    const out = await signOut(
      new Request(`${APP}/logout`, { method: "POST", headers: { cookie: session } }),
      idpSignOutOffer(settings),
    );
    assert.equal(out.headers.get("location"), "/login?signedOut=1");
    const offer = cookieOf(out, "academy_session") ?? "";
    assert.notEqual(offer, session, "the signed-in session is gone");
    assert.equal(await getUser(new Request(`${APP}/learn`, { headers: { cookie: session } })), undefined);
    assert.equal(await getUser(new Request(`${APP}/learn`, { headers: { cookie: offer } })), undefined);
    assert.equal(await pendingIdpSignOut(new Request(`${APP}/login`, { headers: { cookie: offer } })), true);

    const toIdp = await ssoSignOut(
      new Request(`${APP}/auth/sso/sign-out`, { headers: { cookie: offer } }),
      {},
      settings!,
    );
    const url = new URL(toIdp.headers.get("location") ?? "");
    assert.equal(url.origin, idp.issuer);
    assert.equal(url.searchParams.get("post_logout_redirect_uri"), `${APP}/logout`);
    assert.ok(url.searchParams.get("id_token_hint"));
    assert.equal(await pendingIdpSignOut(new Request(`${APP}/login`, { headers: { cookie: offer } })), false);
  });
});

describe("PASSWORD_SIGN_IN=0", () => {
  const post = (email: string, password: string) =>
    new Request(`${APP}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password }).toString(),
    });

  it("refuses an ordinary account's right password, and lets a break-glass admin in", async () => {
    const hash = await hashPassword("correct horse battery");
    createUser(
      t.db,
      { email: "ordinary@example.com", name: "O", roles: ["admin"], passwordHash: hash },
      null,
      new Date(),
    );
    createUser(
      t.db,
      { email: "glass@example.com", name: "G", roles: ["admin"], passwordHash: hash, breakGlass: true },
      null,
      new Date(),
    );
    const refused = await passwordSignIn(post("ordinary@example.com", "correct horse battery"), {
      clientIp: "1.2.3.4",
      cspNonce: "",
      requestId: "test-request",
      malformedUrl: false,
    });
    assert.equal(refused.status, 401);
    assert.match(JSON.stringify(await refused.json()), /do not match a break-glass account/);

    const allowed = await passwordSignIn(post("glass@example.com", "correct horse battery"), {
      clientIp: "1.2.3.4",
      cspNonce: "",
      requestId: "test-request",
      malformedUrl: false,
    });
    assert.equal(allowed.status, 302);
    assert.equal(allowed.headers.get("location"), "/admin");
    const glass = t.db.select().from(users).where(eq(users.email, "glass@example.com")).get();
    const signedIn = t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, glass?.id ?? 0), eq(auditEvents.action, "user.signed-in")))
      .get();
    assert.deepEqual(signedIn?.details, { method: "break-glass" });
  });
});
