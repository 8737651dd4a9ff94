/**
 * Single sign-on, end to end (issue #16): start at the IdP, come back, check everything,
 * provision or link the person, and start the app's own server-side session — or land on
 * the login page with a plain message and a log line carrying the request id.
 */
import { redirect } from "@remix-run/node";
import { readIdentity, type IdentityProblem } from "~/domain/sso";
import { getSessionUser } from "~/models/users.server";
import { signInWithSso } from "~/models/sso.server";
import { db } from "~/utils/db.server";
import { isRefusal } from "~/utils/refusal";
import { homeFor, signIn } from "./auth.server";
import {
  beginSignIn,
  clearTransaction,
  completeSignIn,
  endSessionUrl,
  offersEndSession,
  SSO_ERROR_CODES,
  SsoError,
  type SsoErrorCode,
} from "./oidc.server";
import { safeRedirect } from "./redirect";
import { sessionStorage, type SessionData } from "./session.server";
import { logSso, requestIdOf } from "./sso-log.server";
import type { SsoSettings } from "./sso-settings.server";

/** The load context: the request id lives there when the server assigns one. */
type RequestContext = object;

/** How long after signing out the page still offers to sign out at the IdP too. */
const IDP_SIGN_OUT_OFFER_MS = 10 * 60_000;

function toLogin(code: SsoErrorCode, setCookie?: string) {
  return redirect(`/login?error=${code}`, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

function logFailure(request: Request, context: RequestContext, error: SsoError, step: string) {
  // The IdP being down is ours to fix; a person cancelling or an expired link is not.
  const level = error.code === "idp-unavailable" || error.code === "idp-error" ? "error" : "warn";
  logSso(level, "sso.refused", {
    reqId: requestIdOf(request, context),
    step,
    code: error.code,
    detail: error.message,
  });
}

/** GET /auth/sso: off to the IdP (or back to the login page saying why not). */
export async function startSso(request: Request, context: RequestContext, settings: SsoSettings) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  try {
    const { url, cookie } = await beginSignIn(request, settings, redirectTo);
    return redirect(url, { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    const failure = error instanceof SsoError ? error : new SsoError("idp-error", String(error));
    logFailure(request, context, failure, "start");
    return toLogin(failure.code);
  }
}

const IDENTITY_ERRORS: Record<IdentityProblem, SsoErrorCode> = {
  "no-subject": "idp-error",
  "no-email": "no-email",
  "email-unverified": "email-unverified",
};

/** GET /auth/sso/callback: the IdP's answer becomes an app session, or a message. */
export async function finishSso(request: Request, context: RequestContext, settings: SsoSettings) {
  const clear = await clearTransaction();
  const reqId = requestIdOf(request, context);
  let completed;
  try {
    completed = await completeSignIn(request, settings);
  } catch (error) {
    const failure = error instanceof SsoError ? error : new SsoError("idp-error", String(error));
    logFailure(request, context, failure, "callback");
    return toLogin(failure.code, clear);
  }
  const read = readIdentity(completed.claims, settings.claims);
  if (!read.ok) {
    logFailure(request, context, new SsoError(IDENTITY_ERRORS[read.problem], read.problem), "claims");
    return toLogin(IDENTITY_ERRORS[read.problem], clear);
  }
  let result;
  try {
    result = signInWithSso(
      db(),
      {
        issuer: settings.issuer.href,
        identity: read.identity,
        roleMapping: settings.roleMapping,
        label: settings.label,
      },
      new Date(),
    );
  } catch (error) {
    if (!isRefusal(error)) throw error;
    const code = SSO_ERROR_CODES.find((c) => c === error.details?.code) ?? "idp-error";
    logSso("warn", "sso.refused", { reqId, step: "account", code, sub: read.identity.subject });
    return toLogin(code, clear);
  }
  for (const note of result.notes) logSso("warn", "sso.note", { reqId, userId: result.userId, note });
  if (result.created || result.linked) {
    logSso("info", result.created ? "sso.created" : "sso.linked", { reqId, userId: result.userId });
  }
  const user = getSessionUser(db(), result.userId);
  if (!user) return toLogin("disabled", clear);
  return signIn(request, user.id, safeRedirect(completed.redirectTo, homeFor(user)), {
    method: "sso",
    sso: { idToken: completed.idToken },
    setCookies: [clear],
  });
}

/** For POST /logout: whether to offer signing out at the IdP as well. */
export function idpSignOutOffer(settings: SsoSettings | undefined) {
  return async (sso: SessionData["sso"]) => Boolean(settings && sso && (await offersEndSession(settings)));
}

/** The signed-out page's offer, if this browser has one still fresh. */
export async function pendingIdpSignOut(request: Request): Promise<boolean> {
  const cookie = request.headers.get("Cookie");
  if (!cookie) return false;
  const offer = (await sessionStorage().getSession(cookie)).get("idpSignOut");
  return Boolean(offer && Date.now() - offer.at < IDP_SIGN_OUT_OFFER_MS);
}

/**
 * GET /auth/sso/sign-out: to the IdP's end-session endpoint with the ID token as a hint
 * (Okta requires it; others sign out without asking when it is there). The anonymous
 * session that kept it is deleted: it has served its one purpose.
 */
export async function ssoSignOut(request: Request, context: RequestContext, settings: SsoSettings) {
  const storage = sessionStorage();
  const session = await storage.getSession(request.headers.get("Cookie"));
  const offer = session.get("idpSignOut");
  const fresh = offer && Date.now() - offer.at < IDP_SIGN_OUT_OFFER_MS ? offer : undefined;
  const cleared = await storage.destroySession(session);
  try {
    const url = await endSessionUrl(request, settings, fresh?.idToken);
    if (!url) return redirect("/login?signedOut=1", { headers: { "Set-Cookie": cleared } });
    return redirect(url, { headers: { "Set-Cookie": cleared } });
  } catch (error) {
    const failure = error instanceof SsoError ? error : new SsoError("idp-error", String(error));
    logFailure(request, context, failure, "sign-out");
    return toLogin(failure.code, cleared);
  }
}

/** The login page's message for an error code in its URL (only known codes are shown). */
export function ssoErrorMessage(code: string | null, label: string): string | undefined {
  const messages: Record<SsoErrorCode, string> = {
    cancelled: `Sign-in was cancelled at ${label}. You can try again whenever you are ready.`,
    "idp-error": `${label} could not sign you in. Try again; if it keeps happening, ask your IT team.`,
    state:
      "That sign-in could not be verified: it may have expired, or been started in another tab or browser. Please sign in again.",
    expired: "That sign-in took too long or was already used. Please sign in again.",
    "idp-unavailable": `${label} is not answering right now. Try again in a few minutes; if it persists, tell your IT team.`,
    "no-email": `${label} did not tell us your email address, so we cannot find your account. Ask your IT team to release the email claim to Partner Academy.`,
    "email-unverified": `Your email address at ${label} is not verified, so it cannot be used to sign in here. Verify it there (or ask your IT team), then try again.`,
    disabled:
      "Your Partner Academy account is disabled, so you cannot sign in. If you think this is a mistake, ask an admin.",
    "break-glass": `This is a break-glass account: it signs in with its password only, never through ${label}.`,
    "linked-elsewhere": `Your Partner Academy account is linked to a different ${label} identity. Ask an admin to unlink it, then sign in again.`,
  };
  const known = SSO_ERROR_CODES.find((c) => c === code);
  return known ? messages[known] : undefined;
}
