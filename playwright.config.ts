import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { ADMIN, ADMIN_STORAGE_STATE } from "./e2e/support";
import { STRICT_ERROR_CODES_ENV } from "./tests/support/undeclared-codes";

// Computed once in the runner process; workers inherit the environment, so they see the same values.
process.env.E2E_PORT ??= String(3200 + Math.floor(Math.random() * 600));
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "switchboard-e2e-"));

const baseURL = `http://localhost:${process.env.E2E_PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
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
    // Signs in through next-auth once; the browser specs start from the saved session.
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    // API specs sign in or use bearer keys themselves.
    { name: "api", testMatch: /e2e\/api\/.*\.spec\.ts$/ },
    { name: "browser", testMatch: /\.spec\.ts$/, testIgnore: /e2e\/api\//, dependencies: ["setup"], use: { storageState: ADMIN_STORAGE_STATE } },
  ],
  webServer: {
    // The same launcher a user runs, on a fresh data dir with its own embedded PostgreSQL.
    command: "node --import tsx scripts/start.ts",
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      PORT: process.env.E2E_PORT,
      DATA_DIR: process.env.E2E_DATA_DIR,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ADMIN_NAME: "E2E Admin",
      // The fuzz and isolation walks send thousands of requests with one key.
      RATE_LIMIT_BURST: "1000000",
      // Routine schedules are claimed within a third of a second, as by the second instance e2e/routines-schedule starts.
      SWITCHBOARD_ROUTINE_TICK_MS: "300",
      // A runtime action handed to an instance that is down fails in 10 s rather than 30 (e2e/api/instances-runtime).
      SWITCHBOARD_HANDOFF_TIMEOUT_MS: "10000",
      // Codes an operation answers with but does not declare are recorded for scripts/test.ts to fail on.
      ...STRICT_ERROR_CODES_ENV,
    },
  },
});
