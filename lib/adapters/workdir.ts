import "server-only";
import { chmodSync, mkdirSync } from "node:fs";
import path from "node:path";
import { runtimeDir } from "../runtime/logs";

/**
 * The folder a run works in: `cwd` (the workspace or the board-set folder, absolute) when there is one, else a
 * private folder of the agent's own under the data dir. Never the server's folder: a CLI that skips its permission
 * prompts would edit the Switchboard checkout, and an instructions path such as `.env` would read the server's secrets.
 */
export function runFolder(agentId: string, cwd: string | null): { cwd: string; own: boolean } {
  if (cwd) return { cwd, own: false };
  const own = path.join(runtimeDir("agents"), agentId);
  // Created on first use and kept private: it holds whatever the agent writes.
  mkdirSync(own, { recursive: true, mode: 0o700 });
  chmodSync(own, 0o700);
  return { cwd: own, own: true };
}
