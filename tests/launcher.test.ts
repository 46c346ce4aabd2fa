// `npm start` as a user runs it: embedded PostgreSQL that survives restarts, a data-dir lock, an external
// DATABASE_URL, and a boot that stops on a failed migration. Real processes, real ports.
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { isAlive, postmasterPid } from "@/lib/db/embedded";
import { MIGRATIONS_TABLE_DDL } from "@/lib/db/migrate";
import { HOST_LOCK_NAMESPACE } from "@/lib/runtime/host-presence";
import { mintBoardKey } from "@/scripts/lib/remote-server";
import { ADMIN, databaseOnTestServer, launch, stop, waitForHealth } from "./support/launcher";

describe("npm start launcher", () => {
  it("keeps data across restarts, refuses a second start on the same DATA_DIR, and stops the embedded database", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "switchboard-launch-"));
    const first = await launch({ DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    const health = await waitForHealth(first);
    expect(health).toMatchObject({ status: "ok", bootstrapStatus: "ready", migrations: { pending: [] } });
    const token = await mintBoardKey(`http://localhost:${first.port}`, ADMIN, "launcher");
    const created = await fetch(`http://localhost:${first.port}/api/companies`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Persistent Inc" }),
    });
    expect(created.status).toBe(201);

    const second = await launch({ DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/data dir .* is in use by another Switchboard \(pid \d+\)/);
    expect(second.output()).not.toMatch(/ {4}at /);

    const postmaster = postmasterPid(path.join(dataDir, "pg"))!;
    expect(isAlive(postmaster)).toBe(true);
    expect(await stop(first)).toBe(0);
    expect(isAlive(postmaster)).toBe(false);
    expect(existsSync(path.join(dataDir, "switchboard.pid"))).toBe(false);

    const restarted = await launch({ DATA_DIR: dataDir });
    await waitForHealth(restarted);
    const companies = await (await fetch(`http://localhost:${restarted.port}/api/companies`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(companies.map((c: { name: string }) => c.name)).toEqual(["Persistent Inc"]);
    expect(readFileSync(path.join(dataDir, "nextauth-secret"), "utf8").length).toBeGreaterThan(20);
    expect(await stop(restarted)).toBe(0);
  }, 300_000);

  it.runIf(process.getuid?.() === 0)(
    "as root, starts even when DATA_DIR sits inside a 0700 folder (a mktemp dir, /root)",
    async () => {
      const lockedParent = mkdtempSync(path.join(os.tmpdir(), "switchboard-locked-"));
      chmodSync(lockedParent, 0o700);
      const handle = await launch({ DATA_DIR: path.join(lockedParent, "data") });
      expect(await waitForHealth(handle)).toMatchObject({ status: "ok" });
      expect(statSync(lockedParent).mode & 0o777).toBe(0o701);
      expect(handle.output()).toMatch(/allowed other users to enter .*switchboard-locked-.* \(o\+x\)/);
      expect(await stop(handle)).toBe(0);
    },
    180_000,
  );

  it("uses DATABASE_URL when set, migrating that server instead of starting its own", async () => {
    const databaseUrl = await databaseOnTestServer();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "switchboard-external-"));
    const handle = await launch({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
    await waitForHealth(handle);
    expect(existsSync(path.join(dataDir, "pg"))).toBe(false);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const rows = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
    await client.end();
    expect(rows.rows[0].n).toBeGreaterThan(0);
    expect(await stop(handle)).toBe(0);
  }, 180_000);

  it("stops, rather than restarts, a server whose SWITCHBOARD_HOST_ID a running instance holds", async () => {
    const databaseUrl = await databaseOnTestServer();
    // Another instance's hold on the host id, as lib/runtime/host-presence.ts takes it.
    const twin = new pg.Client({ connectionString: databaseUrl });
    await twin.connect();
    await twin.query("SELECT pg_advisory_lock($1, hashtext($2))", [HOST_LOCK_NAMESPACE, "launcher-twin"]);
    try {
      const handle = await launch({
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "switchboard-twin-")),
        DATABASE_URL: databaseUrl,
        SWITCHBOARD_HOST_ID: "launcher-twin",
      });
      expect(await handle.exited).toBe(1);
      expect(handle.output()).toContain('Another running instance uses host id "launcher-twin"');
      expect(handle.output()).toContain("the server refused to start; not restarting it");
      expect(handle.output()).not.toMatch(/restarting in/);
    } finally {
      await twin.end();
    }
  }, 180_000);

  it("stops the boot with a clear message when a migration failed earlier", async () => {
    const databaseUrl = await databaseOnTestServer();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(MIGRATIONS_TABLE_DDL);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES ('00000000-0000-4000-8000-000000000001', 'x', '20990101000000_broken', 'syntax error at or near "CREAT"')`,
    );
    await client.end();
    const handle = await launch({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "switchboard-failed-")), DATABASE_URL: databaseUrl });
    expect(await handle.exited).toBe(1);
    expect(handle.output()).toMatch(/20990101000000_broken.*failed earlier/);
    expect(handle.output()).toMatch(/syntax error at or near "CREAT"/);
  }, 120_000);
});
