/**
 * Single sign-on settings, read from the environment (validated together in env.server.ts).
 * `ssoSettings()` is undefined when no identity provider is configured: the app then
 * behaves exactly as it does with passwords only.
 */
import type { ClaimNames, RoleMapping } from "~/domain/sso";
import { env } from "~/utils/env.server";

export interface SsoSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** "Sign in with <label>". */
  label: string;
  scopes: string;
  claims: ClaimNames;
  /** Undefined: roles are managed in the app. */
  roleMapping: RoleMapping | undefined;
  /** http:// issuer allowed (loopback only; checked at start-up). */
  allowHttp: boolean;
}

export function ssoSettings(): SsoSettings | undefined {
  const config = env();
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET) return undefined;
  const mapped = config.OIDC_ADMIN_GROUPS.length > 0 || config.OIDC_TRAINER_GROUPS.length > 0;
  return {
    issuer: new URL(config.OIDC_ISSUER),
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    label: config.OIDC_LABEL,
    scopes: config.OIDC_SCOPES,
    claims: {
      email: config.OIDC_EMAIL_CLAIM,
      emailVerified: config.OIDC_EMAIL_VERIFIED_CLAIM,
      name: config.OIDC_NAME_CLAIM,
      groups: config.OIDC_GROUPS_CLAIM,
      territory: config.OIDC_TERRITORY_CLAIM,
    },
    roleMapping: mapped
      ? { adminGroups: config.OIDC_ADMIN_GROUPS, trainerGroups: config.OIDC_TRAINER_GROUPS }
      : undefined,
    allowHttp: config.OIDC_ALLOW_HTTP,
  };
}

/** Whether ordinary accounts may sign in with a password (break-glass accounts always may). */
export function passwordSignInEnabled(): boolean {
  return env().PASSWORD_SIGN_IN;
}

/** What pages may know about single sign-on: no secrets, no URLs. */
export interface SsoSummary {
  label: string;
  /** Roles come from the IdP's groups for linked people. */
  ownsRoles: boolean;
  /** The territory follows a claim at sign-in. */
  territoryClaim: string | undefined;
}

export function ssoSummary(): SsoSummary | undefined {
  const settings = ssoSettings();
  if (!settings) return undefined;
  return {
    label: settings.label,
    ownsRoles: settings.roleMapping !== undefined,
    territoryClaim: settings.claims.territory,
  };
}

/** What the server prints at start about sign-in, so an operator sees what is in force. */
export function signInStartupLines(): string[] {
  const settings = ssoSettings();
  const lines: string[] = [];
  if (settings) {
    const origin = env().APP_ORIGIN;
    lines.push(
      `single sign-on: ${settings.issuer.href} as client ${settings.clientId}` +
        (origin ? `; redirect URI ${new URL("/auth/sso/callback", origin).href}` : ""),
    );
    lines.push(
      settings.roleMapping
        ? `roles from the "${settings.claims.groups}" claim: admin ← ${settings.roleMapping.adminGroups.join(", ") || "—"}; trainer ← ${settings.roleMapping.trainerGroups.join(", ") || "—"}`
        : "roles are managed in the app (no OIDC_ADMIN_GROUPS / OIDC_TRAINER_GROUPS)",
    );
  }
  if (!passwordSignInEnabled())
    lines.push("password sign-in: break-glass accounts only (PASSWORD_SIGN_IN=0)");
  return lines;
}
