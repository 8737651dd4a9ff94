/**
 * The single sign-on journeys run against a second app server (its own port, database and
 * environment: single sign-on on, passwords off but for break-glass accounts) and an
 * OpenID Connect provider the test file starts in its own process on the next port.
 * playwright.config.ts and sso.spec.ts both read these.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type Database } from "#db/client.server";

const mainPort = Number(process.env.E2E_PORT ?? 3210);
export const SSO_APP_PORT = mainPort + 1;
export const SSO_IDP_PORT = mainPort + 2;
export const SSO_APP_URL = `http://localhost:${SSO_APP_PORT}`;
export const SSO_IDP_URL = `http://127.0.0.1:${SSO_IDP_PORT}`;
export const SSO_CLIENT_ID = "partner-academy-e2e";
export const SSO_CLIENT_SECRET = "e2e-client-secret-e2e-client-secret";
export const SSO_LABEL = "Example ID";

export const SSO_DATABASE_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../.output/e2e-sso/app.db",
);

/** The environment of the SSO app server. */
export const SSO_APP_ENV: Record<string, string> = {
  NODE_ENV: "production",
  PORT: String(SSO_APP_PORT),
  DATABASE_PATH: SSO_DATABASE_PATH,
  SESSION_SECRET: "e2e-sso-secret-e2e-sso-secret-0002",
  DB_SYNCHRONOUS: "NORMAL",
  SEED_DEMO: "0",
  // Request lines would drown the test output; warnings and errors still show.
  LOG_LEVEL: "warn",
  OIDC_ISSUER: SSO_IDP_URL,
  OIDC_CLIENT_ID: SSO_CLIENT_ID,
  OIDC_CLIENT_SECRET: SSO_CLIENT_SECRET,
  OIDC_ALLOW_HTTP: "1",
  OIDC_LABEL: SSO_LABEL,
  OIDC_SCOPES: "openid email profile groups territory",
  OIDC_ADMIN_GROUPS: "academy-admins",
  OIDC_TRAINER_GROUPS: "academy-trainers",
  OIDC_TERRITORY_CLAIM: "territory",
  PASSWORD_SIGN_IN: "0",
};

let connection: Database | undefined;

/** The SSO server's database, for setting up people through the models. */
export function ssoDb(): Database {
  connection ??= openDatabase(SSO_DATABASE_PATH);
  return connection;
}
