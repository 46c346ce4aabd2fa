// `npm test`: everything a user or CI needs, in order — generated code, a production build, types, lint and formatting,
// vitest (unit + integration on embedded PostgreSQL), then Playwright (API and browser) against `npm start`'s launcher.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { undeclaredCodeLines } from "../tests/support/undeclared-codes";
import { ensureBuild, root } from "./lib/build";

const node = process.execPath;
const bin = (name: string, ...segments: string[]) => path.join(root, "node_modules", ...segments, name);
const step = (title: string) => console.log(`\n=== ${title}`);

function run(title: string, args: string[]): boolean {
  step(title);
  const result = spawnSync(node, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  return result.status === 0;
}

function counts<Report>(file: string, read: (report: Report) => { passed: number; failed: number }) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  return read(JSON.parse(readFileSync(file, "utf8")) as Report);
}

// A suite whose hooks fail skips its tests without failing any, so `success` decides too.
type VitestReport = { numPassedTests: number; numFailedTests: number; success: boolean };
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number } };

rmSync(path.join(root, "test-results"), { recursive: true, force: true });
mkdirSync(path.join(root, "test-results"), { recursive: true });

step("generated code");
execFileSync(node, [path.join(root, "scripts", "generate-route-manifest.mjs"), "--check"], { cwd: root, stdio: "inherit" });
step("production build");
ensureBuild();
const typesOk = run("typecheck", [bin("tsc", "typescript", "bin"), "--noEmit"]);
const lintOk = run("lint", [bin("eslint.js", "eslint", "bin"), "."]);
const formatOk = run("format check", [bin("prettier.cjs", "prettier", "bin"), "--check", "."]);
const vitestOk = run("vitest", [bin("vitest.mjs", "vitest"), "run", "--reporter=default", "--reporter=json", "--outputFile=test-results/vitest.json"]);
const playwrightOk = run("playwright", [bin("cli.js", "@playwright/test"), "test"]);

const report = (name: string) => path.join(root, "test-results", name);
const vitest = counts<VitestReport>(report("vitest.json"), (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests || (r.success ? 0 : 1) }));
const playwright = counts<PlaywrightReport>(report("e2e.json"), ({ stats }) => ({ passed: stats.expected, failed: stats.unexpected + stats.flaky }));
const passed = vitest.passed + playwright.passed;
// Both vitest and the Playwright server record codes an operation answered with but does not declare.
const undeclaredCodes = undeclaredCodeLines();
if (undeclaredCodes.length) {
  step("error codes answered but not declared (add each to its operation's `errors`)");
  console.log(undeclaredCodes.join("\n"));
}
const checks = { typecheck: typesOk, lint: lintOk, "format check": formatOk, "declared error codes": undeclaredCodes.length === 0 };
const failedChecks = Object.entries(checks).flatMap(([name, ok]) => (ok ? [] : [name]));
const failed = vitest.failed + playwright.failed + failedChecks.length + (vitestOk || vitest.failed ? 0 : 1) + (playwrightOk || playwright.failed ? 0 : 1);
const checkNotes = failedChecks.map((name) => `; ${name} failed`).join("");
console.log(`\nvitest: ${vitest.passed} passed, ${vitest.failed} failed; playwright: ${playwright.passed} passed, ${playwright.failed} failed${checkNotes}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
