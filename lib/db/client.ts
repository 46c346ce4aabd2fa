import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { livenessWatchedClient } from "./liveness";

// Bounded waits everywhere: a dead or stalled database answers 503 within a few seconds instead of hanging requests.
// A stalled server is given up on by the liveness watch on every handshake and query (lib/db/liveness.ts) within
// 3.5 s, sooner than any timeout below: those bound what a server that still answers may take. Long work is not held
// to them: migrations run in the launcher on a client of their own, a provision's advisory-lock wait (withAdvisoryLock)
// is watched for liveness only, and `npm run bench` drives requests, whose statements take milliseconds.
const POOL_ACQUIRE_TIMEOUT_MS = 5_000;
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000;
const STATEMENT_TIMEOUT_MS = 30_000;
// The client's own last resort, past the server's statement timeout: a server that answers probes yet never returns
// this statement (a frozen backend) still frees the request.
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 5_000;
// Probes idle sockets, so a peer that vanished without closing them is noticed instead of trusted.
const KEEPALIVE_INITIAL_DELAY_MS = 10_000;
// A transaction waits this long for a connection (less than the pool's own acquire timeout, so a saturated pool reads
// as busy, not down; more than the liveness watch takes, so a stalled server reads as down) before it is refused with
// 503 database_busy, and may then run this long.
const TRANSACTION_MAX_WAIT_MS = 4_500;
const TRANSACTION_TIMEOUT_MS = 15_000;

export function poolConfig(connectionString: string) {
  return {
    connectionString,
    Client: livenessWatchedClient(connectionString),
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    // Bounds both waiting for a free pooled connection and the handshake of a new one.
    connectionTimeoutMillis: POOL_ACQUIRE_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
    idleTimeoutMillis: 30_000,
    options: `-c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_TIMEOUT_MS} -c statement_timeout=${STATEMENT_TIMEOUT_MS}`,
  };
}

function createClient(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; start the app with `npm start`, which provides it.");
  return new PrismaClient({
    adapter: new PrismaPg(poolConfig(url)),
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS },
  });
}

const globalForPrisma = globalThis as unknown as {
  switchboardPrisma?: PrismaClient;
  switchboardTransactionScope?: AsyncLocalStorage<true>;
  switchboardOutsideClientUses?: Set<string>;
};

// Marks the code that runs inside a transaction's callback. Route modules may be bundled apart: kept on globalThis.
const transactionScope = (globalForPrisma.switchboardTransactionScope ??= new AsyncLocalStorage<true>());

/**
 * A query through the global client (or the plain pool) from inside a transaction takes a second connection while the
 * transaction holds locks and one connection already: with every pooled connection held that way, all of them wait
 * for ever. Tests fail on it at once; a production server logs it once per call site and carries on.
 */
export function refuseInsideTransaction(what: string) {
  if (!transactionScope.getStore()) return;
  const error = new Error(`${what} used inside a transaction: use the transaction's client`);
  if (process.env.NODE_ENV === "test" || process.env.SWITCHBOARD_STRICT_TRANSACTIONS === "1") throw error;
  const site = error.stack ?? what;
  globalForPrisma.switchboardOutsideClientUses ??= new Set();
  if (globalForPrisma.switchboardOutsideClientUses.has(site)) return;
  globalForPrisma.switchboardOutsideClientUses.add(site);
  console.error("[switchboard]", site);
}

function client(): PrismaClient {
  globalForPrisma.switchboardPrisma ??= createClient();
  return globalForPrisma.switchboardPrisma;
}

/**
 * One client per server process, created on first use: `next build` imports route modules without a database,
 * and dev reloads reuse the pool kept on globalThis.
 */
export const db = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const instance = client();
    if (property === "$transaction") return runTransaction(instance);
    refuseInsideTransaction(`db.${String(property)}`);
    const value = Reflect.get(instance, property);
    return typeof value === "function" ? value.bind(instance) : value;
  },
});

/** `$transaction` with its callback marked as inside (see refuseInsideTransaction); a nested one is refused too. */
function runTransaction(instance: PrismaClient) {
  return ((work: unknown, options?: unknown) => {
    refuseInsideTransaction("db.$transaction");
    if (typeof work !== "function") return instance.$transaction(work as never, options as never);
    return instance.$transaction((tx) => transactionScope.run(true, () => (work as (tx: unknown) => Promise<unknown>)(tx)), options as never);
  }) as PrismaClient["$transaction"];
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
