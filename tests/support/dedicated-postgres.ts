// A PostgreSQL of one test file's own, which that file may stop, restart and freeze: the shared server from
// global-setup.ts serves every other file in parallel and must never be touched that way.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { postmasterPid, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";

export type DedicatedPostgres = {
  url: string;
  /** Fast shutdown (SIGINT), as the launcher does: open sessions are ended by the server. */
  stop(): Promise<void>;
  /** Starts it again on the same port, so URLs the app holds stay valid. */
  start(): Promise<void>;
  /** SIGSTOPs the postmaster and every backend: connections stay open and nothing answers. */
  freeze(): void;
  /** SIGCONTs whatever freeze() stopped. Safe to call when nothing is frozen. */
  thaw(): void;
  /** Thaws, stops and deletes the cluster; safe after any failure. */
  dispose(): Promise<void>;
};

/** The pids whose parent is `parent`, read from /proc (the postmaster forks every backend and helper itself). */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in field 2 may hold spaces or parentheses; the fields after its closing ")" do not.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parentPid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parentPid === parent) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

export async function startDedicatedPostgres(): Promise<DedicatedPostgres> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "switchboard-fault-pg-"));
  const pgDir = path.join(dataDir, "pg");
  const first = await startEmbeddedPostgres({ dataDir });
  await applyMigrations(first.url);
  let stopRunning: (() => Promise<void>) | null = first.stop;
  let frozen: number[] = [];

  const handle: DedicatedPostgres = {
    url: first.url,
    async stop() {
      const stop = stopRunning;
      stopRunning = null;
      await stop?.();
    },
    async start() {
      if (stopRunning) return;
      const server = await startEmbeddedPostgres({ dataDir, port: first.port });
      stopRunning = server.stop;
    },
    freeze() {
      const postmaster = postmasterPid(pgDir)!;
      // The postmaster first, so it forks nothing new while its children are listed and stopped.
      process.kill(postmaster, "SIGSTOP");
      frozen = [postmaster];
      for (const child of childrenOf(postmaster)) {
        process.kill(child, "SIGSTOP");
        frozen.push(child);
      }
    },
    thaw() {
      for (const pid of frozen) {
        try {
          process.kill(pid, "SIGCONT");
        } catch {
          // Already gone.
        }
      }
      frozen = [];
    },
    async dispose() {
      handle.thaw();
      await handle.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
