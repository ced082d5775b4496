/**
 * Browser tests (e2e/) in the system Chromium, against the real feed server and a production
 * `next start` that the fixtures start per worker. globalSetup builds both when the build is
 * missing or older than its sources. One worker: each starts its own servers, and two cores
 * are better spent on one dashboard at a time than on flaky timing.
 */
import { defineConfig } from "@playwright/test";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/globalSetup.ts",
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // One retry in CI, reported as "flaky" (never silently passed): the token-renewal widget test saw
  // a 1006 close once in about six runs on a loaded 2-core machine, not yet explained (closing note).
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    browserName: "chromium",
    headless: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
});
