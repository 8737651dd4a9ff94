import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, devices } from "@playwright/test";
import { E2E_DATABASE_PATH, E2E_SERVER_LOG } from "./e2e/e2e-db";
import { SSO_APP_ENV, SSO_APP_URL, SSO_DATABASE_PATH } from "./e2e/sso-setup";
import { findChromium } from "./support/browser.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.E2E_PORT ?? 3210);
const databasePath = E2E_DATABASE_PATH;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./.output/playwright",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"], ["json", { outputFile: "./.output/playwright-report.json" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: findChromium(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"] },
      testIgnore: /sso\.spec\.ts$/,
      teardown: "server log",
    },
    // Single sign-on journeys: their own server, configured against a test OpenID provider.
    { name: "sso", use: { ...devices["Desktop Chrome"], baseURL: SSO_APP_URL }, testMatch: /sso\.spec\.ts$/ },
    // Runs after every browser test, however they were filtered: the server's log of the
    // run must show no 5xx and no stack trace.
    { name: "server log", testMatch: /server-log\.teardown\.ts/ },
  ],
  webServer: [
    {
      // A fresh database every run: the demo organisation is seeded on start. Everything the
      // server prints goes to a log file (one JSON line per request) that the "server log"
      // project checks; read it there when the server does not start.
      command: `rm -rf "${path.dirname(databasePath)}" && mkdir -p "${path.dirname(databasePath)}" && exec node --import tsx app/server.ts > "${E2E_SERVER_LOG}" 2>&1`,
      cwd: root,
      url: `http://localhost:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      env: {
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_PATH: databasePath,
        SESSION_SECRET: "e2e-secret-e2e-secret-e2e-secret-0001",
        DB_SYNCHRONOUS: "NORMAL",
        SEED_DEMO: "1",
        // The server-log check needs every request's line.
        LOG_LEVEL: "info",
        // Webhook receivers in tests listen on 127.0.0.1 (issue #14).
        WEBHOOK_ALLOW_PRIVATE: "1",
      },
    },
    {
      // No demo data; the identity provider is discovered at the first sign-in.
      command: `rm -rf "${path.dirname(SSO_DATABASE_PATH)}" && node --import tsx app/server.ts`,
      cwd: root,
      url: `${SSO_APP_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: SSO_APP_ENV,
    },
  ],
});
