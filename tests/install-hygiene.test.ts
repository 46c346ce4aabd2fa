// The committed lock file is the one npm would write: `npm ci` (CI, Dockerfiles) installs from it on any platform,
// and `npm install` on a fresh clone leaves it untouched, so `git status` stays clean.
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, onTestFinished } from "vitest";

type LockedPackage = {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
type Lock = { lockfileVersion: number; packages: Record<string, LockedPackage> };

const ROOT = path.resolve(import.meta.dirname, "..");
const readJson = <T>(file: string) => JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as T;

/** Where Node would find `name` when required from the package installed at `from` (a lock `packages` key). */
function resolveInLock(packages: Lock["packages"], from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent < 0 ? "" : base.slice(0, parent);
  }
}

describe("install hygiene", () => {
  const lock = readJson<Lock>("package-lock.json");
  const manifest = readJson<LockedPackage>("package.json");

  it("records every platform's optional packages, so npm ci accepts the lock file on any machine", () => {
    const missing: string[] = [];
    for (const [location, locked] of Object.entries(lock.packages)) {
      for (const name of Object.keys(locked.optionalDependencies ?? {})) {
        if (!resolveInLock(lock.packages, location, name)) missing.push(`${location || "(root)"} → ${name}`);
      }
    }
    expect(missing).toEqual([]);
    // The platform packages really are there for more than this machine's platform.
    const esbuildPlatforms = Object.keys(lock.packages).filter((location) => location.startsWith("node_modules/@esbuild/"));
    expect(esbuildPlatforms).toEqual(
      expect.arrayContaining(["node_modules/@esbuild/darwin-arm64", "node_modules/@esbuild/win32-x64", "node_modules/@esbuild/linux-x64"]),
    );
  });

  it("locks exactly what package.json asks for", () => {
    const root = lock.packages[""];
    expect(root.dependencies).toEqual(manifest.dependencies);
    expect(root.devDependencies).toEqual(manifest.devDependencies);
    for (const name of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]) {
      expect(lock.packages[`node_modules/${name}`], `${name} is installed at the top level`).toBeDefined();
    }
  });

  it("is left byte-for-byte unchanged by npm install", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "switchboard-lock-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (const file of ["package.json", "package-lock.json"]) copyFileSync(path.join(ROOT, file), path.join(dir, file));
    // Lock-only: npm resolves the tree exactly as a full install would and rewrites the lock file if it disagrees.
    await promisify(execFile)("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: dir,
      env: { ...process.env, npm_config_loglevel: "error" },
      timeout: 120_000,
    });
    expect(readFileSync(path.join(dir, "package-lock.json"), "utf8")).toBe(readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
  }, 150_000);
});
