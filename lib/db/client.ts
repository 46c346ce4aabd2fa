import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

// Bounded waits everywhere: a dead database answers 503 quickly instead of hanging requests.
const POOL_ACQUIRE_TIMEOUT_MS = 5_000;
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000;
const STATEMENT_TIMEOUT_MS = 30_000;

export function poolConfig(connectionString: string) {
  return {
    connectionString,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    connectionTimeoutMillis: POOL_ACQUIRE_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    options: `-c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_TIMEOUT_MS} -c statement_timeout=${STATEMENT_TIMEOUT_MS}`,
  };
}

function createClient(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; start the app with `npm start`, which provides it.");
  return new PrismaClient({ adapter: new PrismaPg(poolConfig(url)) });
}

const globalForPrisma = globalThis as unknown as { switchboardPrisma?: PrismaClient };

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
    const value = Reflect.get(instance, property);
    return typeof value === "function" ? value.bind(instance) : value;
  },
});

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
