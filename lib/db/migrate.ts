// Applies prisma/migrations/*/migration.sql exactly as `prisma migrate deploy` would: same _prisma_migrations
// table and rows, sha256 checksums, advisory lock 72707369, and a failed migration blocks later boots.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const PRISMA_MIGRATE_LOCK_ID = 72707369;

export const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigrationResult = { applied: string[]; alreadyApplied: string[] };

export class MigrationError extends Error {
  override name = "MigrationError";
}

export function defaultMigrationsDir(): string {
  return path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");
}

export function readMigrations(migrationsDir = defaultMigrationsDir()): MigrationFile[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(migrationsDir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    });
}

export async function applyMigrations(databaseUrl: string, migrationsDir = defaultMigrationsDir()): Promise<MigrationResult> {
  const migrations = readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    // Lock before touching anything: concurrent CREATE TABLE IF NOT EXISTS races in the catalog.
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_ID]);
    try {
      await client.query(MIGRATIONS_TABLE_DDL);
      return await applyPending(client, migrations);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_ID]);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(client: pg.Client, migrations: MigrationFile[]): Promise<MigrationResult> {
  const { rows } = await client.query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null; logs: string | null }>(
    `SELECT migration_name, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY started_at`,
  );
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration "${failed.migration_name}" failed earlier and blocks new migrations (finished_at is NULL in _prisma_migrations).\n` +
        `Fix the database, then mark it with \`prisma migrate resolve --rolled-back ${failed.migration_name}\` ` +
        `or delete its row, and start again.\nLast error: ${failed.logs ?? "(none)"}`,
    );
  }
  const finished = new Set(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    if (finished.has(migration.name)) {
      result.alreadyApplied.push(migration.name);
      continue;
    }
    const id = randomUUID();
    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`, [
      id,
      migration.checksum,
      migration.name,
    ]);
    try {
      // A parameterless multi-statement query runs as one implicit transaction, as Prisma's engine does.
      await client.query(migration.sql);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
      throw new MigrationError(`Migration "${migration.name}" failed: ${message}`);
    }
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
    result.applied.push(migration.name);
  }
  return result;
}

export async function listAppliedMigrations(pool: Pick<pg.Pool, "query">): Promise<{ name: string; finishedAt: Date | null }[]> {
  const { rows } = await pool.query<{ migration_name: string; finished_at: Date | null }>(
    `SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((row) => ({ name: row.migration_name, finishedAt: row.finished_at }));
}
