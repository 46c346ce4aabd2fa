import path from "node:path";
import { defineConfig } from "prisma/config";

// The app applies migrations itself at boot (lib/db/migrate.ts); this file lets a user with the Prisma CLI
// run `prisma migrate status|deploy` against the same folder.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/switchboard" },
});
