// One real PostgreSQL for the whole run; every test file gets its own database cloned from a migrated template.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";

export const TEMPLATE_DATABASE = "switchboard_template";

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "switchboard-test-pg-"));
  const database = await startEmbeddedPostgres({ dataDir, database: TEMPLATE_DATABASE });
  await applyMigrations(database.url);
  const adminUrl = database.url.replace(/\/[^/]+$/, "/postgres");
  // A template must have no open connections when cloned.
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`UPDATE pg_database SET datallowconn = false WHERE datname = '${TEMPLATE_DATABASE}'`);
  await admin.end();
  project.provide("postgresAdminUrl", adminUrl);
  return async () => {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
