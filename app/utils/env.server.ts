/**
 * Configuration from the environment, parsed once. Every setting has a default so that
 * `npm install && npm start` needs no configuration.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const flag = (fallback: boolean) =>
  z
    .enum(["0", "1", "true", "false", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "1" || v === "true"));

/** Unset and empty are the same: "not configured". */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** A comma-separated list ("Academy Admins, academy-admins"); empty when unset. */
const list = optionalText.transform((v) =>
  (v ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const EnvObject = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** 0 picks any free port (the start-up line says which). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
  DB_SYNCHRONOUS: z.enum(["OFF", "NORMAL", "FULL", "EXTRA"]).default("FULL"),
  DB_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).default(5000),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  COOKIE_SECURE: flag(false),
  SEED_DEMO: flag(true),
  /** The catalog folder the demo seed imports. */
  CONTENT_DIR: z.string().min(1).default("content"),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(8 * 60),
  SESSION_ABSOLUTE_DAYS: z.coerce.number().min(0.001).default(7),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  SIGN_IN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** The public origin (e.g. https://academy.example.com) when behind a proxy. */
  APP_ORIGIN: z.url().optional(),
  TRUST_PROXY: flag(false),
  /** Worker processes serving requests (node:cluster); SQLite in WAL mode takes many readers. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** The issuer profile in every Open Badges credential (demo values by default). */
  ISSUER_NAME: z.string().min(1).default("Partner Academy"),
  ISSUER_URL: z.url().optional(),
  ISSUER_EMAIL: z.email().default("academy@example.com"),
  ISSUER_DESCRIPTION: z
    .string()
    .default("Training and certification for the partner managers of a technology vendor."),
  ISSUER_IMAGE_URL: z.url().optional(),
  /** The Ed25519 signing keys; generated on first start beside the database when missing. */
  ISSUER_KEYS_PATH: z.string().min(1).optional(),
  /** pino's level; unset: `info`, or `silent` under NODE_ENV=test. */
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent", ""])
    .optional()
    .transform((v) => v || undefined),
  /** A Bearer token that opens GET /metrics to other hosts (loopback needs none). */
  METRICS_TOKEN: z
    .union([z.literal(""), z.string().min(16, "METRICS_TOKEN must be at least 16 characters")])
    .optional()
    .transform((v) => v || undefined),
  /** e.g. smtp://user:pass@mail.example.com:587 or smtps://…:465; unset: mail stays in the outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, "SMTP_URL must look like smtp://host:port or smtps://user:pass@host:465")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** The sender of every message, e.g. "Partner Academy <academy@example.com>". */
  MAIL_FROM: z.string().min(3).optional(),
  /** Connection, greeting and socket timeouts for SMTP (nodemailer's defaults are minutes). */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** A message that keeps failing is marked failed after this many tries. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** `0`: the server runs no jobs (run `npm run jobs -- --once` from cron instead). */
  JOBS_SCHEDULER: flag(true),
  /** How often the in-process scheduler looks for due jobs. */
  JOBS_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),

  // Integrations (README "Integrations").
  /** Requests per minute per API token (per server process). */
  API_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(300),
  /** Largest JSON body the API accepts. */
  API_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10_000_000)
    .default(64 * 1024),
  /** `1`: webhooks may go to private, loopback and link-local addresses (tests, on-premise). */
  WEBHOOK_ALLOW_PRIVATE: flag(false),
  /** A webhook receiver must answer within this time. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** An endpoint is disabled after this many failed tries in a row (admins are told). */
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1000).default(50),

  // Sign-in methods (README "Single sign-on").
  /** `0`: only break-glass accounts may sign in with a password (needs OIDC_ISSUER). */
  PASSWORD_SIGN_IN: flag(true),
  OIDC_ISSUER: optionalText.pipe(
    z.url("OIDC_ISSUER must be a URL, like https://login.example.com").optional(),
  ),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  /** The button reads "Sign in with <label>". */
  OIDC_LABEL: optionalText.transform((v) => v ?? "your company account"),
  OIDC_SCOPES: optionalText.transform((v) => v ?? "openid email profile"),
  OIDC_EMAIL_CLAIM: optionalText.transform((v) => v ?? "email"),
  /** Entra ID sends no `email_verified`: use its optional claim `xms_edov` there. */
  OIDC_EMAIL_VERIFIED_CLAIM: optionalText.transform((v) => v ?? "email_verified"),
  OIDC_NAME_CLAIM: optionalText.transform((v) => v ?? "name"),
  OIDC_GROUPS_CLAIM: optionalText.transform((v) => v ?? "groups"),
  /** When set, the IdP owns the roles: admin/trainer by these groups, partner manager otherwise. */
  OIDC_ADMIN_GROUPS: list,
  OIDC_TRAINER_GROUPS: list,
  /** A claim naming the person's territory (its code or name); unset: territories stay in the app. */
  OIDC_TERRITORY_CLAIM: optionalText,
  /** `1`: allow an http:// issuer, and only on a loopback address (tests, a local IdP). */
  OIDC_ALLOW_HTTP: flag(false),
});

/** Settings that only make sense together are checked together, so a typo fails at start. */
const EnvSchema = EnvObject.superRefine((config, ctx) => {
  const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  const oidcParts = [config.OIDC_ISSUER, config.OIDC_CLIENT_ID, config.OIDC_CLIENT_SECRET];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    problem(
      "OIDC_ISSUER",
      "single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together",
    );
  }
  if (!config.PASSWORD_SIGN_IN && !config.OIDC_ISSUER) {
    problem(
      "PASSWORD_SIGN_IN",
      "PASSWORD_SIGN_IN=0 needs single sign-on (OIDC_ISSUER …): otherwise only break-glass accounts could sign in",
    );
  }
  if (config.OIDC_ISSUER) {
    const issuer = new URL(config.OIDC_ISSUER);
    if (issuer.protocol === "http:" && !(config.OIDC_ALLOW_HTTP && LOOPBACK_HOSTS.has(issuer.hostname))) {
      problem(
        "OIDC_ISSUER",
        "the issuer must use https (OIDC_ALLOW_HTTP=1 allows http only for a loopback issuer such as http://127.0.0.1:…)",
      );
    }
    if (!config.OIDC_SCOPES.split(/\s+/).includes("openid")) {
      problem("OIDC_SCOPES", "the scopes must include openid");
    }
  }
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The configuration in `source`, or an Error listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * The public origin links in messages point at: APP_ORIGIN, else this machine on PORT (fine
 * for a demo; a deployment that sends mail sets APP_ORIGIN).
 */
export function publicOrigin(config: Env = env()): string {
  return config.APP_ORIGIN ? new URL(config.APP_ORIGIN).origin : `http://localhost:${config.PORT}`;
}

/** The From of every message: MAIL_FROM, else a no-reply address at the public origin's host. */
export function mailFrom(config: Env = env()): string {
  return config.MAIL_FROM ?? `Partner Academy <no-reply@${new URL(publicOrigin(config)).hostname}>`;
}

/**
 * SESSION_SECRET when set; otherwise a random secret generated once and kept beside the
 * database (mode 0600), so sessions survive restarts without any configuration.
 */
export function sessionSecret(): string {
  const configured = env().SESSION_SECRET;
  if (configured) return configured;
  const file = path.join(path.dirname(path.resolve(env().DATABASE_PATH)), "session-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not there yet: generated below
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/** Where the issuer's signing keys are kept: ISSUER_KEYS_PATH, or `issuer-keys.json` beside the database. */
export function issuerKeysPath(): string {
  return path.resolve(
    env().ISSUER_KEYS_PATH ?? path.join(path.dirname(path.resolve(env().DATABASE_PATH)), "issuer-keys.json"),
  );
}
