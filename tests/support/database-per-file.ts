import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { STRICT_ERROR_CODES_ENV } from "./undeclared-codes";

const adminUrl = inject("postgresAdminUrl");
const databaseName = `test_${randomBytes(6).toString("hex")}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${databaseName} TEMPLATE switchboard_template`);
await admin.end();

process.env.DATABASE_URL = adminUrl.replace(/\/postgres$/, `/${databaseName}`);
process.env.NEXTAUTH_SECRET ??= "test-secret-for-vitest-only";
// Routes record error codes they answer with but do not declare; global-setup.ts and scripts/test.ts report them.
Object.assign(process.env, STRICT_ERROR_CODES_ENV);
// Forked workers can run several files; each must talk to its own database.
const globals = globalThis as unknown as {
  switchboardPrisma?: { $disconnect(): Promise<void> };
  switchboardSqlPool?: { end(): Promise<void> };
  switchboardLimiter?: unknown;
  switchboardNamedLimiters?: unknown;
};
globals.switchboardPrisma = undefined;
globals.switchboardSqlPool = undefined;
globals.switchboardLimiter = undefined;
globals.switchboardNamedLimiters = undefined;

afterAll(async () => {
  await globals.switchboardPrisma?.$disconnect();
  await globals.switchboardSqlPool?.end();
  globals.switchboardPrisma = undefined;
  globals.switchboardSqlPool = undefined;
});

export const testDatabaseName = databaseName;
