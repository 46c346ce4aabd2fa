import "server-only";
import { db } from "../db/client";
import { readMigrations } from "../db/migrate";
import { isDatabaseUnavailable } from "../api/problem";

export const APP_VERSION = process.env.npm_package_version ?? "0.1.0";
const processStartedAt = new Date().toISOString();
const HEALTH_QUERY_TIMEOUT_MS = 3_000;

let migrationFiles: string[] | null = null;
function expectedMigrations(): string[] {
  migrationFiles ??= readMigrations().map((m) => m.name);
  return migrationFiles;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(Object.assign(new Error("health check timed out"), { code: "ETIMEDOUT" })), ms).unref()),
  ]);
}

/** Database reachability and migration state; 503 when the database cannot answer in time. */
export async function checkHealth() {
  const base = { version: APP_VERSION, commit: process.env.SWITCHBOARD_COMMIT ?? null, deploymentMode: "authenticated", serverInfo: { processStartedAt } };
  try {
    const [applied, userCount] = await withTimeout(
      Promise.all([
        db.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        db.user.count(),
      ]),
      HEALTH_QUERY_TIMEOUT_MS,
    );
    const appliedNames = new Set(applied.map((row) => row.migration_name));
    const pending = expectedMigrations().filter((name) => !appliedNames.has(name));
    return {
      status: 200,
      body: {
        status: "ok" as const,
        ...base,
        bootstrapStatus: userCount === 0 ? "bootstrap_pending" : "ready",
        bootstrapInviteActive: false,
        database: { status: "ok" as const },
        migrations: { applied: appliedNames.size, pending },
      },
    };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) console.error("health check failed", error);
    return {
      status: 503,
      body: {
        status: "unhealthy" as const,
        ...base,
        serverVersion: APP_VERSION,
        error: "database_unreachable" as const,
        database: { status: "unreachable" as const },
      },
    };
  }
}
