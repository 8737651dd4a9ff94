/**
 * The OpenID Connect client (openid-client 6): discovery, the authorization request
 * (code flow, PKCE S256, state and nonce) and the callback's checks. Every failure becomes
 * an `SsoError` with a code the login page turns into a plain message; nothing here throws
 * a 500 at a person.
 *
 * The transaction (state, nonce, PKCE verifier, where to go afterwards) lives in a short,
 * signed, HttpOnly cookie, so an unauthenticated visitor costs no database write.
 */
import { createCookie, type Cookie } from "@remix-run/node";
import * as client from "openid-client";
import { z } from "zod";
import { env, sessionSecret } from "~/utils/env.server";
import type { SsoSettings } from "./sso-settings.server";

export const SSO_ERROR_CODES = [
  "cancelled",
  "idp-error",
  "state",
  "expired",
  "idp-unavailable",
  "no-email",
  "email-unverified",
  "disabled",
  "break-glass",
  "linked-elsewhere",
] as const;
export type SsoErrorCode = (typeof SSO_ERROR_CODES)[number];

export class SsoError extends Error {
  override readonly name = "SsoError";
  constructor(
    readonly code: SsoErrorCode,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

/** How long someone may take at the IdP before the transaction is forgotten. */
const TRANSACTION_SECONDS = 10 * 60;
/** IdP calls (discovery, token, userinfo) give up after this long. */
const IDP_TIMEOUT_SECONDS = 10;

const Transaction = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(1),
  redirectUri: z.string().url(),
  redirectTo: z.string(),
});
type Transaction = z.infer<typeof Transaction>;

let transactionCookie: Cookie | undefined;

function txCookie(): Cookie {
  const secure = env().COOKIE_SECURE;
  transactionCookie ??= createCookie(secure ? "__Host-academy_sso" : "academy_sso", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    secrets: [sessionSecret()],
    maxAge: TRANSACTION_SECONDS,
  });
  return transactionCookie;
}

/** A Set-Cookie value that forgets the transaction (after the callback, whatever happened). */
export function clearTransaction(): Promise<string> {
  return txCookie().serialize("", { maxAge: 0 });
}

let discovered: { key: string; configuration: Promise<client.Configuration> } | undefined;

/** The IdP's metadata, discovered once per process; a failed discovery is retried next time. */
export async function oidcConfiguration(settings: SsoSettings): Promise<client.Configuration> {
  const key = `${settings.issuer.href} ${settings.clientId}`;
  if (discovered?.key !== key) {
    const configuration = client.discovery(
      settings.issuer,
      settings.clientId,
      { client_secret: settings.clientSecret },
      client.ClientSecretBasic(settings.clientSecret),
      {
        execute: settings.allowHttp ? [client.allowInsecureRequests] : [],
        timeout: IDP_TIMEOUT_SECONDS,
      },
    );
    const entry = { key, configuration };
    discovered = entry;
    configuration.catch(() => {
      if (discovered === entry) discovered = undefined;
    });
  }
  try {
    return await discovered.configuration;
  } catch (error) {
    throw new SsoError("idp-unavailable", `discovery of ${settings.issuer.href} failed`, error);
  }
}

/** The callback URL to register at the IdP. */
export function redirectUri(request: Request): string {
  const origin = env().APP_ORIGIN ?? new URL(request.url).origin;
  return new URL("/auth/sso/callback", origin).href;
}

/** Where to send the browser to sign in, and the cookie that remembers the transaction. */
export async function beginSignIn(request: Request, settings: SsoSettings, redirectTo: string) {
  const configuration = await oidcConfiguration(settings);
  const transaction: Transaction = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    redirectUri: redirectUri(request),
    redirectTo,
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: transaction.redirectUri,
    scope: settings.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
    code_challenge_method: "S256",
    state: transaction.state,
    nonce: transaction.nonce,
  });
  return { url: url.href, cookie: await txCookie().serialize(transaction) };
}

export interface CompletedSignIn {
  claims: Record<string, unknown>;
  idToken: string | undefined;
  redirectTo: string;
}

/** Checks the IdP's answer (state, code, PKCE, ID token signature, audience, nonce …). */
export async function completeSignIn(request: Request, settings: SsoSettings): Promise<CompletedSignIn> {
  const params = new URL(request.url).searchParams;
  const parsed = Transaction.safeParse(await txCookie().parse(request.headers.get("Cookie")));
  if (!parsed.success) {
    if (params.get("error") === "access_denied")
      throw new SsoError("cancelled", "access_denied, no transaction");
    throw new SsoError("state", "no sign-in transaction (expired, or started in another browser)");
  }
  const transaction = parsed.data;
  const configuration = await oidcConfiguration(settings);
  // The redirect URI as sent, with the IdP's parameters: right even behind a proxy.
  const currentUrl = new URL(transaction.redirectUri);
  for (const [name, value] of params) currentUrl.searchParams.append(name, value);
  try {
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: transaction.verifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new SsoError("idp-error", "no ID token in the token response");
    let claims: Record<string, unknown> = { ...idClaims };
    const wanted = [settings.claims.email, settings.claims.emailVerified, settings.claims.groups];
    if (
      wanted.some((name) => claims[name] === undefined) &&
      configuration.serverMetadata().userinfo_endpoint
    ) {
      // Some IdPs put only the subject in the ID token; the rest comes from userinfo.
      const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      claims = { ...userinfo, ...claims };
    }
    return { claims, idToken: tokens.id_token, redirectTo: transaction.redirectTo };
  } catch (error) {
    throw classify(error);
  }
}

/** openid-client's errors, sorted into what a person can do about them. */
export function classify(error: unknown): SsoError {
  if (error instanceof SsoError) return error;
  if (error instanceof client.AuthorizationResponseError) {
    return error.error === "access_denied"
      ? new SsoError("cancelled", `access_denied: ${error.error_description ?? ""}`)
      : new SsoError("idp-error", `${error.error}: ${error.error_description ?? ""}`);
  }
  if (error instanceof client.ResponseBodyError) {
    // invalid_grant: the code expired or was already used (a reload of the callback).
    return error.error === "invalid_grant"
      ? new SsoError("expired", `invalid_grant: ${error.error_description ?? ""}`)
      : error.status >= 500
        ? new SsoError("idp-unavailable", `${error.status} ${error.error}`)
        : new SsoError("idp-error", `${error.error}: ${error.error_description ?? ""}`);
  }
  if (error instanceof client.ClientError) {
    switch (error.code) {
      case "OAUTH_INVALID_RESPONSE":
      case "OAUTH_JWT_CLAIM_COMPARISON_FAILED":
      case "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED":
        return new SsoError("state", `${error.code}: ${error.message}`);
      case "OAUTH_RESPONSE_IS_NOT_CONFORM":
      case "OAUTH_RESPONSE_IS_NOT_JSON":
        return new SsoError("idp-unavailable", `${error.code}: ${error.message}`);
      default:
        return new SsoError("idp-error", `${error.code ?? "ClientError"}: ${error.message}`);
    }
  }
  // fetch failures (refused, reset, DNS) and timeouts.
  if (error instanceof TypeError || (error instanceof Error && /abort|timeout/i.test(error.name))) {
    return new SsoError("idp-unavailable", `${error.name}: ${error.message}`);
  }
  return new SsoError(
    "idp-error",
    error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  );
}

/**
 * The IdP's sign-out address (RP-initiated logout), or undefined when it advertises none.
 * Back to `/logout` afterwards, which shows "You have signed out".
 */
export async function endSessionUrl(
  request: Request,
  settings: SsoSettings,
  idToken: string | undefined,
): Promise<string | undefined> {
  const configuration = await oidcConfiguration(settings);
  if (!configuration.serverMetadata().end_session_endpoint) return undefined;
  const origin = env().APP_ORIGIN ?? new URL(request.url).origin;
  const parameters: Record<string, string> = {
    client_id: settings.clientId,
    post_logout_redirect_uri: new URL("/logout", origin).href,
  };
  if (idToken) parameters.id_token_hint = idToken;
  return client.buildEndSessionUrl(configuration, parameters).href;
}

/**
 * Whether the IdP offers RP-initiated logout. Signing out must stay quick even when the IdP
 * is slow or down: give discovery (usually cached already) two seconds, else do not offer.
 */
export async function offersEndSession(settings: SsoSettings): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), 2_000);
  });
  const answer = oidcConfiguration(settings).then(
    (configuration) => Boolean(configuration.serverMetadata().end_session_endpoint),
    () => false,
  );
  try {
    return await Promise.race([answer, giveUp]);
  } finally {
    clearTimeout(timer);
  }
}
