import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

export const root = path.resolve(import.meta.dirname, "..", "..");
export const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "instrumentation.ts",
  "instrumentation-client.ts",
  "proxy.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
  "prisma/schema.prisma",
];
const SKIPPED = [path.join("lib", "db", "generated")];

function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    if (!existsSync(full) || SKIPPED.some((skip) => relative.startsWith(skip)) || /\.test\.tsx?$/.test(relative)) return;
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) visit(path.join(relative, name));
    } else {
      hash.update(relative).update(readFileSync(full));
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

/** Prisma client first (npm 11 may have skipped install scripts), then `next build` only when sources changed. */
export function ensureBuild(log: (message: string) => void = (message) => console.log(`[switchboard] ${message}`)) {
  execFileSync(process.execPath, [path.join(root, "scripts", "generate-prisma.mjs")], { cwd: root, stdio: "inherit" });
  const stampPath = path.join(root, ".next", "switchboard-source-hash");
  const current = sourceHash();
  if (existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stampPath) && readFileSync(stampPath, "utf8") === current) return;
  log("building the board (the first start takes a minute or two)…");
  execFileSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  writeFileSync(stampPath, current);
}

/**
 * scripts/server.ts as one plain ES module (packages such as Next stay imports), so the server process runs without
 * tsx's loader hooks, which cost about 40% more CPU before the first answer, on every restart. Bundled at every launch
 * (well under a second) and written aside then renamed, so a launcher bundling at the same moment never hands a
 * half-written file to a server.
 */
export async function bundleServer(): Promise<string> {
  const outfile = path.join(root, ".next", "switchboard-server.mjs");
  const result = await build({
    entryPoints: [path.join(root, "scripts", "server.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    write: false,
    logLevel: "warning",
  });
  mkdirSync(path.dirname(outfile), { recursive: true });
  const partial = `${outfile}.${process.pid}.tmp`;
  writeFileSync(partial, result.outputFiles[0].contents);
  renameSync(partial, outfile);
  return outfile;
}
