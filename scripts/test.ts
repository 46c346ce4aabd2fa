// `npm test`: everything a user or CI needs, in order — generated code, types, a production build, vitest
// (unit + integration on embedded PostgreSQL), then Playwright (API and browser) against `npm start`'s launcher.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureBuild, root } from "./lib/build";

const node = process.execPath;
const bin = (name: string, ...segments: string[]) => path.join(root, "node_modules", ...segments, name);
const step = (title: string) => console.log(`\n=== ${title}`);

function run(title: string, args: string[]): boolean {
  step(title);
  const result = spawnSync(node, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  return result.status === 0;
}

function counts(file: string, read: (report: any) => { passed: number; failed: number }) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  return read(JSON.parse(readFileSync(file, "utf8")));
}

rmSync(path.join(root, "test-results"), { recursive: true, force: true });
mkdirSync(path.join(root, "test-results"), { recursive: true });

step("generated code");
execFileSync(node, [path.join(root, "scripts", "generate-route-manifest.mjs"), "--check"], { cwd: root, stdio: "inherit" });
step("production build");
ensureBuild();
const typesOk = run("typecheck", [bin("tsc", "typescript", "bin"), "--noEmit"]);
const vitestOk = run("vitest", [bin("vitest.mjs", "vitest"), "run", "--reporter=default", "--reporter=json", "--outputFile=test-results/vitest.json"]);
const playwrightOk = run("playwright", [bin("cli.js", "@playwright/test"), "test"]);

const vitest = counts(path.join(root, "test-results", "vitest.json"), (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests }));
const playwright = counts(path.join(root, "test-results", "e2e.json"), (r) => ({ passed: r.stats.expected, failed: r.stats.unexpected + r.stats.flaky }));
const passed = vitest.passed + playwright.passed;
const failed = vitest.failed + playwright.failed + (typesOk ? 0 : 1) + (vitestOk || vitest.failed ? 0 : 1) + (playwrightOk || playwright.failed ? 0 : 1);
console.log(`\nvitest: ${vitest.passed} passed, ${vitest.failed} failed; playwright: ${playwright.passed} passed, ${playwright.failed} failed${typesOk ? "" : "; typecheck failed"}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
