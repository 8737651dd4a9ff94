// Finds a Chromium for Playwright: PLAYWRIGHT_CHROMIUM_PATH, Playwright's own download,
// then Debian's /usr/bin/chromium. Shared by the test runner and playwright.config.ts.
import fs from "node:fs";
import { chromium } from "@playwright/test";

export function findChromium() {
  const candidates = [process.env.PLAYWRIGHT_CHROMIUM_PATH];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // Playwright has no browser of its own here
  }
  candidates.push("/usr/bin/chromium", "/usr/bin/chromium-browser");
  return candidates.find((p) => p && fs.existsSync(p));
}
