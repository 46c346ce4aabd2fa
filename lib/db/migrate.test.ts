import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "@/tests/support/wait";
import { applyMigrations, MigrationError, PRISMA_MIGRATE_LOCK_ID, readMigrations } from "./migrate";

const adminUrl = inject("postgresAdminUrl");
const clients: pg.Client[] = [];

async function blankDatabase(): Promise<string> {
  const name = `migrate_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

function migrationsFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
});

describe("migration runner (prisma migrate deploy semantics)", () => {
  it("creates _prisma_migrations exactly as Prisma does and records sha256 checksums", async () => {
    const url = await blankDatabase();
    const result = await applyMigrations(url);
    const expected = readMigrations();
    expect(result.applied).toEqual(expected.map((m) => m.name));

    const client = await connect(url);
    const columns = await client.query(
      `SELECT column_name, data_type, is_nullable, character_maximum_length FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.rows).toEqual([
      { column_name: "id", data_type: "character varying", is_nullable: "NO", character_maximum_length: 36 },
      { column_name: "checksum", data_type: "character varying", is_nullable: "NO", character_maximum_length: 64 },
      { column_name: "finished_at", data_type: "timestamp with time zone", is_nullable: "YES", character_maximum_length: null },
      { column_name: "migration_name", data_type: "character varying", is_nullable: "NO", character_maximum_length: 255 },
      { column_name: "logs", data_type: "text", is_nullable: "YES", character_maximum_length: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", is_nullable: "YES", character_maximum_length: null },
      { column_name: "started_at", data_type: "timestamp with time zone", is_nullable: "NO", character_maximum_length: null },
      { column_name: "applied_steps_count", data_type: "integer", is_nullable: "NO", character_maximum_length: null },
    ]);

    const rows = await client.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.rows).toHaveLength(expected.length);
    rows.rows.forEach((row, index) => {
      const file = readFileSync(path.join(process.cwd(), "prisma", "migrations", expected[index].name, "migration.sql"));
      expect(row.migration_name).toBe(expected[index].name);
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    });

    expect(await applyMigrations(url)).toEqual({ applied: [], alreadyApplied: expected.map((m) => m.name) });
  });

  it("leaves a failed migration's row unfinished, rolls back its statements and refuses later boots", async () => {
    const url = await blankDatabase();
    const dir = migrationsFolder({
      "20260101000000_good": `CREATE TABLE good_table (id int);`,
      "20260102000000_bad": `CREATE TABLE half_done (id int);\nSELECT * FROM missing_table;`,
      "20260103000000_later": `CREATE TABLE later_table (id int);`,
    });
    await expect(applyMigrations(url, dir)).rejects.toThrow(/20260102000000_bad.*missing_table/);

    const client = await connect(url);
    const rows = (await client.query(`SELECT migration_name, finished_at, logs FROM "_prisma_migrations" ORDER BY migration_name`)).rows;
    expect(rows.map((r) => [r.migration_name, r.finished_at === null])).toEqual([
      ["20260101000000_good", false],
      ["20260102000000_bad", true],
    ]);
    expect(rows[1].logs).toMatch(/missing_table/);
    const tables = (await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r) => r.tablename);
    expect(tables).toEqual(["_prisma_migrations", "good_table"]);

    const second = applyMigrations(url, dir);
    await expect(second).rejects.toBeInstanceOf(MigrationError);
    await expect(second).rejects.toThrow(/20260102000000_bad.*failed earlier.*prisma migrate resolve/s);
  });

  it("applies each migration once when several app instances boot at the same time", async () => {
    const url = await blankDatabase();
    const results = await Promise.all([1, 2, 3, 4].map(() => applyMigrations(url)));
    const appliedCounts = results.map((r) => r.applied.length);
    expect(appliedCounts.filter((count) => count > 0)).toHaveLength(1);
    const client = await connect(url);
    const rows = await client.query(`SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name`);
    expect(rows.rows.every((row) => row.n === 1)).toBe(true);
  });

  it("waits for Prisma's advisory lock 72707369 held by another migrator", async () => {
    const url = await blankDatabase();
    const holder = await connect(url);
    await holder.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_ID]);
    let finished = false;
    const run = applyMigrations(url).then(() => (finished = true));
    // The second migrator is parked on the lock: its request shows in pg_locks as not granted.
    await waitFor(async () => {
      const waiting = await holder.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = 0 AND objid = $1 AND objsubid = 1 AND NOT granted`,
        [PRISMA_MIGRATE_LOCK_ID],
      );
      return waiting.rowCount === 1;
    }, "the migrator to wait on the advisory lock");
    expect(finished).toBe(false);
    await holder.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_ID]);
    await run;
    expect(finished).toBe(true);
  });
});
