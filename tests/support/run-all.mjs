#!/usr/bin/env node
// `npm test`: every suite — unit/model tests (node:test) and browser journeys (Playwright,
// real Chromium, against the production build) — then one closing line "N passed, N failed".
// Installs Chromium first when none is found, and says so.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium } from "./browser.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = new Set(process.argv.slice(2));
const runUnit = !args.has("--e2e-only");
const runE2e = !args.has("--unit-only");
const outputDir = path.join(root, "tests/.output");
fs.mkdirSync(outputDir, { recursive: true });

function run(command, commandArgs, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      ...options,
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

function ensureChromium() {
  if (findChromium()) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (isRoot && hasApt) {
    console.log("No Chromium found: installing Debian's chromium package (apt-get)…");
    spawnSync(
      "sh",
      ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"],
      { stdio: "inherit" },
    );
  } else {
    console.log("No Chromium found: running `npx playwright install chromium`…");
    spawnSync("npx", ["playwright", "install", "chromium"], { cwd: root, stdio: "inherit" });
  }
  if (!findChromium()) {
    console.error("Chromium could not be installed; set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary.");
    process.exit(1);
  }
}

let passed = 0;
let failed = 0;

if (runUnit) {
  const files = fs
    .readdirSync(path.join(root, "tests/unit"))
    .filter((f) => f.endsWith(".test.ts"))
    .sort()
    .map((f) => path.join("tests/unit", f));
  console.log(`\n▶ Unit and model tests (${files.length} files)\n`);
  const { code, output } = await run(
    process.execPath,
    ["--import", "tsx", "--test", "--test-reporter=spec", ...files],
    {
      env: { ...process.env, NODE_ENV: "test" },
    },
  );
  const count = (label) => Number(output.match(new RegExp(`ℹ ${label} (\\d+)`))?.[1] ?? 0);
  passed += count("pass");
  failed += count("fail") + count("cancelled");
  if (code !== 0 && count("fail") === 0) failed += 1;
}

if (runE2e) {
  ensureChromium();
  console.log("\n▶ Building the app for the browser tests\n");
  const build = await run("npx", ["remix", "build"]);
  if (build.code !== 0) {
    failed += 1;
  } else {
    console.log("\n▶ Browser tests (Playwright, Chromium)\n");
    const reportFile = path.join(outputDir, "playwright-report.json");
    fs.rmSync(reportFile, { force: true });
    const { code } = await run("npx", ["playwright", "test", "-c", "tests/playwright.config.ts"]);
    try {
      const stats = JSON.parse(fs.readFileSync(reportFile, "utf8")).stats;
      passed += stats.expected + stats.flaky;
      failed += stats.unexpected;
      if (stats.skipped) console.log(`(${stats.skipped} browser tests skipped)`);
      if (code !== 0 && stats.unexpected === 0) failed += 1;
    } catch {
      failed += 1;
    }
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
