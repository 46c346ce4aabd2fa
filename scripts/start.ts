// `npm start`: data dir lock → secret → database (embedded unless DATABASE_URL) → migrations → build if stale →
// `next start`. Shutdown stops Next first and the embedded database last.
import { spawn, execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { isAlive, startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const log = (message: string) => console.log(`[switchboard] ${message}`);

class StartupError extends Error {}

function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, "switchboard.pid");
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new StartupError(`The data dir ${dataDir} is in use by another Switchboard (pid ${holder}). Stop it, or set DATA_DIR to another folder.`);
      }
      rmSync(lockPath, { force: true }); // left by a crashed run
    }
  }
  throw new StartupError(`Could not lock ${dataDir}`);
}

function ensureSecret(dataDir: string): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const secretPath = path.join(dataDir, "nextauth-secret");
  if (!existsSync(secretPath)) writeFileSync(secretPath, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(secretPath, "utf8").trim();
}

const BUILD_INPUTS = ["app", "components", "lib", "public", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];

function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    if (!existsSync(full) || relative.startsWith(path.join("lib", "db", "generated"))) return;
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) visit(path.join(relative, name));
    } else {
      hash.update(relative).update(readFileSync(full));
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

/** Builds only when the sources changed since the last build, so later starts take seconds. */
function ensureBuild() {
  const stampPath = path.join(root, ".next", "switchboard-source-hash");
  const current = sourceHash();
  if (existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stampPath) && readFileSync(stampPath, "utf8") === current) return;
  log("building the board (first start takes a minute or two)…");
  execFileSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  writeFileSync(stampPath, current);
}

async function main() {
  const dev = process.argv.includes("--dev");
  const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(root, ".data"));
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = acquireDataDirLock(dataDir);
  let database: EmbeddedDatabase | null = null;
  let stopping = false;
  const cleanup = async () => {
    if (database) await database.stop().catch(() => undefined);
    database = null;
    releaseLock();
  };
  try {
    execFileSync(process.execPath, [path.join(root, "scripts", "generate-prisma.mjs")], { cwd: root, stdio: "inherit" });
    const secret = ensureSecret(dataDir);
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      database = await startEmbeddedPostgres({ dataDir });
      databaseUrl = database.url;
      log(`embedded PostgreSQL on 127.0.0.1:${database.port} (data in ${path.join(dataDir, "pg")})`);
    }
    const migrations = await applyMigrations(databaseUrl, path.join(root, "prisma", "migrations"));
    log(`migrations: ${migrations.applied.length} applied now, ${migrations.alreadyApplied.length} already applied`);
    if (!dev) ensureBuild();
    const port = process.env.PORT ?? "3000";
    const host = process.env.HOST ?? "0.0.0.0";
    const child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", port, "-H", host], {
      cwd: root,
      stdio: "inherit",
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NEXTAUTH_SECRET: secret,
        NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
        DATA_DIR: dataDir,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping`);
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
    log(`board at http://localhost:${port}`);
    const code = await new Promise<number>((resolve) => child.on("exit", (exitCode) => resolve(exitCode ?? 0)));
    await cleanup();
    process.exit(stopping ? 0 : code);
  } catch (error) {
    await cleanup();
    console.error(`[switchboard] ${error instanceof StartupError || (error as Error).name === "MigrationError" ? (error as Error).message : (error as Error).stack}`);
    process.exit(1);
  }
}

void main();
