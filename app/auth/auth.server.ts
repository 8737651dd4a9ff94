/**
 * Authentication (remix-auth 4 + remix-auth-form) and the guards every loader and action
 * starts with: `requireUser`, `requireRole`.
 */
import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import { ROLE_LABELS, type Role } from "#db/vocabulary";
import {
  findCredentials,
  getSessionUser,
  normalizeEmail,
  recordSignIn,
  type SessionUser,
  type SignInMethod,
} from "~/models/users.server";
import { noteUser } from "~/ops/request-context.server";
import { db } from "~/utils/db.server";
import { PASSWORD_MAX_LENGTH, verifyPassword } from "./password.server";
import { sessionStorage, type SessionData } from "./session.server";
import { passwordSignInEnabled } from "./sso-settings.server";

export type { SessionUser };

export const SignInSchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .min(1, "Enter your email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address, like name@example.com.")),
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_MAX_LENGTH, `Passwords are at most ${PASSWORD_MAX_LENGTH} characters.`),
});

/** Thrown by the strategy for a wrong email/password pair; one message for both. */
export class InvalidCredentialsError extends Error {
  constructor() {
    super("That email and password do not match an account.");
    this.name = "InvalidCredentialsError";
  }
}

export const authenticator = new Authenticator<number>();

authenticator.use(
  new FormStrategy(async ({ form }) => {
    const parsed = SignInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) throw new InvalidCredentialsError();
    const account = findCredentials(db(), parsed.data.email);
    const ok = await verifyPassword(account?.passwordHash, parsed.data.password);
    if (!account || !ok || account.disabledAt) throw new InvalidCredentialsError();
    // PASSWORD_SIGN_IN=0: the server, not just the page, keeps ordinary accounts out.
    if (!passwordSignInEnabled() && !account.breakGlass) throw new InvalidCredentialsError();
    return account.id;
  }),
  "password",
);

/**
 * Starts a fresh session for `userId` (a new id: any session the request came with is
 * destroyed, so a planted id cannot be fixed onto the account) and redirects.
 */
export async function signIn(
  request: Request,
  userId: number,
  redirectTo: string,
  options: {
    method?: SignInMethod;
    /** Kept with the session (an SSO sign-in's ID token, for signing out at the IdP). */
    sso?: SessionData["sso"];
    /** More Set-Cookie values for the response (clearing the SSO transaction). */
    setCookies?: string[];
  } = {},
) {
  const storage = sessionStorage();
  const old = await storage.getSession(request.headers.get("Cookie"));
  if (old.id) await storage.destroySession(old);
  const session = await storage.getSession();
  session.set("userId", userId);
  noteUser(userId);
  if (options.sso) session.set("sso", options.sso);
  const headers = new Headers();
  for (const cookie of options.setCookies ?? []) headers.append("Set-Cookie", cookie);
  headers.append("Set-Cookie", await storage.commitSession(session));
  recordSignIn(db(), userId, options.method ?? "password", new Date());
  return redirect(redirectTo, { headers });
}

/**
 * Ends the app session. After a single sign-on session, when the IdP can sign people out
 * too, a short anonymous session keeps the ID token so the signed-out page can offer it.
 */
export async function signOut(
  request: Request,
  offerIdpSignOut: (sso: SessionData["sso"]) => Promise<boolean>,
) {
  const storage = sessionStorage();
  const session = await storage.getSession(request.headers.get("Cookie"));
  const sso = session.get("sso");
  const cleared = await storage.destroySession(session);
  if (sso && session.get("userId") !== undefined && (await offerIdpSignOut(sso))) {
    const offer = await storage.getSession();
    offer.set("idpSignOut", { idToken: sso.idToken, at: Date.now() });
    return redirect("/login?signedOut=1", { headers: { "Set-Cookie": await storage.commitSession(offer) } });
  }
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": cleared } });
}

// The root and route loaders of one page run together, and Remix hands each its own copy
// of the Request, so they share the lookup by cookie instead: the promise is kept only
// while it is in flight (plus one turn of the event loop), never as a cache.
const lookupsInFlight = new Map<string, Promise<SessionUser | undefined>>();

export function getUser(request: Request): Promise<SessionUser | undefined> {
  const cookie = request.headers.get("Cookie") ?? "";
  if (cookie === "") return Promise.resolve(undefined);
  let found = lookupsInFlight.get(cookie);
  if (!found) {
    found = (async () => {
      const session = await sessionStorage().getSession(cookie);
      const userId = session.get("userId");
      return typeof userId === "number" ? getSessionUser(db(), userId) : undefined;
    })();
    lookupsInFlight.set(cookie, found);
    const forget = () => setImmediate(() => lookupsInFlight.delete(cookie));
    found.then(forget, forget);
  }
  // The request's log line says who it was for.
  return found.then((user) => {
    if (user) noteUser(user.id);
    return user;
  });
}

function signInRedirect(request: Request): never {
  const url = new URL(request.url);
  const here = url.pathname + url.search;
  const params = new URLSearchParams({ redirectTo: here });
  throw redirect(here === "/" ? "/login" : `/login?${params}`);
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) signInRedirect(request);
  return user;
}

export async function requireRole(request: Request, role: Role): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.roles.includes(role)) {
    throw new Response(`This page is for the ${ROLE_LABELS[role].toLowerCase()} role.`, {
      status: 403,
      statusText: "Forbidden",
    });
  }
  return user;
}

/** Authoring (trainers and admins): the guard of every /author loader and action. */
export async function requireAuthor(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.roles.includes("trainer") && !user.roles.includes("admin")) {
    throw new Response("Authoring is for trainers and admins.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

/** The landing page for a user: the most capable role they hold. */
export function homeFor(user: Pick<SessionUser, "roles">): string {
  if (user.roles.includes("admin")) return "/admin";
  if (user.roles.includes("trainer")) return "/author";
  return "/learn";
}

export { normalizeEmail };
