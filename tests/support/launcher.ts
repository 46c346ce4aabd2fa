// Launching the real app (`scripts/start.ts`) from a test, as a user would, and cleaning up after it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { findFreePort } from "@/lib/net";
import { waitForHealth as waitForHealthAt } from "@/scripts/lib/remote-server";
import { ensureBuild, root } from "@/scripts/lib/build";

export type Launch = { child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> };
const launched: Launch[] = [];
export const ADMIN = { email: "launcher@example.com", password: "launcher-pass" };

export async function launch(env: Record<string, string>): Promise<Launch> {
  const port = await findFreePort();
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: "", NEXTAUTH_SECRET: "", PORT: String(port), NEXTAUTH_URL: `http://localhost:${port}`, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const handle = { child, port, output: () => output, exited };
  launched.push(handle);
  return handle;
}

export const waitForHealth = (handle: Launch) => waitForHealthAt(`http://127.0.0.1:${handle.port}`, handle.child, handle.output, 120_000);

export async function stop(handle: Launch) {
  handle.child.kill("SIGTERM");
  return handle.exited;
}

export async function databaseOnTestServer(): Promise<string> {
  const adminUrl = inject("postgresAdminUrl");
  const name = `launcher_${randomBytes(5).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

beforeAll(() => ensureBuild(() => undefined), 300_000);

afterAll(async () => {
  for (const handle of launched) {
    if (handle.child.exitCode === null && handle.child.pid) {
      try {
        process.kill(-handle.child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([handle.exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    }
  }
});
