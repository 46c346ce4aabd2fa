import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import { poolConfig, refuseInsideTransaction } from "./client";
import { livenessWatchedClient } from "./liveness";

// node-postgres parses bigint and numeric as strings; our hot-path queries only return ints, text, uuids, dates,
// jsonb and arrays, which it maps natively.
const globalForPool = globalThis as unknown as { switchboardSqlPool?: pg.Pool };

/**
 * A plain node-postgres pool for the few hot paths measured by `npm run bench` (actor resolution, checkout, issue
 * lists, the inbox): they are single hand-written statements, and skipping the ORM runtime halves their CPU cost.
 * Everything else goes through Prisma.
 */
export function sqlPool(): pg.Pool {
  if (!globalForPool.switchboardSqlPool) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; start the app with `npm start`, which provides it.");
    const pool = new pg.Pool(poolConfig(url));
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on("error", () => undefined);
    globalForPool.switchboardSqlPool = pool;
  }
  return globalForPool.switchboardSqlPool;
}

const statementNames = new Map<string, string>();

/** Named after its text, so each connection parses and plans a hot statement once and then reuses it. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `sb_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

export async function sqlRows<T>(text: string, params: unknown[]): Promise<T[]> {
  refuseInsideTransaction("The plain SQL pool");
  return (await sqlPool().query({ name: statementName(text), text, values: params })).rows as T[];
}

/**
 * Like sqlRows, planned without parallel workers (`SET LOCAL` in a transaction of its own, two more round trips): for
 * a statement of a few thousand cheap index probes, starting workers costs more (~6 ms at 1M issues) than the work
 * they would share, and the planner, which prices probes by guessed row counts, cannot tell.
 */
export async function sqlRowsWithoutParallelWorkers<T>(text: string, params: unknown[]): Promise<T[]> {
  refuseInsideTransaction("The plain SQL pool");
  const client = await sqlPool().connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN; SET LOCAL max_parallel_workers_per_gather = 0");
    const { rows } = await client.query({ name: statementName(text), text, values: params });
    await client.query("COMMIT");
    return rows as T[];
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

/** For statements built from optional filters: `bind(value)` appends a parameter and returns its `$n` placeholder. */
export function sqlParameters() {
  const params: unknown[] = [];
  return { params, bind: (value: unknown) => `$${params.push(value)}` };
}

/**
 * Runs `work` while holding a session advisory lock on `key`: "wait" takes its turn, "try" returns null at once when
 * another session holds it. Session-level, not a transaction, so long work (git, a teardown command) holds none open.
 * The lock lives on a connection of its own, outside the request pools: waiting for a provision that takes minutes
 * must neither hit their statement timeout nor hold one of their few connections.
 */
export async function withAdvisoryLock<T>(key: string, mode: "wait" | "try", work: () => Promise<T>): Promise<T | null> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; start the app with `npm start`, which provides it.");
  // Watched like the pools' connections: a lock wait may last minutes while the server answers, but not a stall.
  const LockClient = livenessWatchedClient(url);
  const client = new LockClient({ connectionString: url, connectionTimeoutMillis: 5_000, keepAlive: true });
  // A dropped lock connection must not crash the process; the work in hand finishes, its lock is gone with it.
  client.on("error", () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      mode === "try" ? "SELECT pg_try_advisory_lock(hashtext($1)) AS locked" : "SELECT pg_advisory_lock(hashtext($1)) IS NOT NULL AS locked",
      [key],
    );
    if (!rows[0].locked) return null;
    return await work();
  } finally {
    // Closing the session releases its advisory locks.
    await client.end().catch(() => undefined);
  }
}
