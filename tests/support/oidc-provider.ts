/**
 * A real OpenID Connect provider (oidc-provider, the certified implementation) for tests,
 * started inside the test process on a local port. Its development login form signs in any
 * account id the test registered; the account's claims are whatever the test set.
 *
 * oidc-provider 9 prints "Unsupported runtime, use Node 22" on Node 20 and works.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
  territory?: string;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by id: what the login form's "login" field takes. Change them at will. */
  accounts: Map<string, TestAccount>;
  /** The provider itself, for tests that poke at its internals. */
  provider: Provider;
  close: () => Promise<void>;
}

export interface TestIdpOptions {
  /** 0 (default): a random free port. */
  port?: number;
  host?: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  clientId?: string;
  clientSecret?: string;
}

// Quiet the runtime warning (once per process is enough to know it is there).
const warn = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
  if (String(warning).includes("Unsupported runtime")) return;
  warn(warning, ...rest);
}) as typeof process.emitWarning;

export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  const host = options.host ?? "127.0.0.1";
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}`;
  const clientId = options.clientId ?? "partner-academy";
  const clientSecret = options.clientSecret ?? crypto.randomBytes(24).toString("base64url");
  const accounts = new Map<string, TestAccount>();
  // RS256, what every IdP signs ID tokens with by default.
  const signingKey = {
    ...crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
    kid: crypto.randomBytes(6).toString("hex"),
    alg: "RS256",
    use: "sig",
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    pkce: { required: () => true },
    scopes: ["openid", "email", "profile", "groups", "territory"],
    claims: {
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
      territory: ["territory"],
    },
    // Scope claims in the ID token too (as Keycloak, Okta and Entra ID can be set up to do).
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    cookies: { keys: [crypto.randomBytes(32).toString("base64url")] },
    jwks: { keys: [signingKey] },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  server.on("request", provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    provider,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Plays the browser at the IdP without a browser: follows the authorization URL through
 * the development login (and consent) forms and returns the URL the IdP sends back to —
 * the app's callback with `code` and `state`, or with `error` when `cancel` is set.
 */
export async function loginAtIdp(
  authorizationUrl: string,
  accountId: string,
  { cancel = false }: { cancel?: boolean } = {},
): Promise<URL> {
  const jar = new Map<string, string>();
  const send = async (url: URL, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await fetch(url, { ...init, redirect: "manual", headers: { ...init.headers, cookie } });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (name) jar.set(name.trim(), value.join("="));
    }
    return response;
  };
  let url = new URL(authorizationUrl);
  const issuer = url.origin;
  for (let step = 0; step < 12; step++) {
    if (url.origin !== issuer) return url;
    const interaction = url.pathname.match(/^\/interaction\/([^/]+)$/)?.[1];
    let response: Response;
    if (interaction) {
      const page = await (await send(url)).text();
      const form = (body: Record<string, string>) =>
        send(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(body).toString(),
        });
      if (cancel) response = await send(new URL(`/interaction/${interaction}/abort`, issuer));
      else if (page.includes('name="prompt" value="login"'))
        response = await form({ prompt: "login", login: accountId, password: "x" });
      else response = await form({ prompt: "consent" });
    } else {
      response = await send(url);
    }
    const location = response.headers.get("location");
    if (!location)
      throw new Error(`the IdP answered ${response.status} at ${url.pathname} without a redirect`);
    url = new URL(location, url);
  }
  throw new Error("too many redirects at the IdP");
}
