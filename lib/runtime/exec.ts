import "server-only";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { Actor } from "../auth/actor";
import type { WorkspaceOperation } from "../db/generated/client";
import { OperationLog } from "./logs";
import { finishOperation, startOperation, type OperationPhase, type WorkspaceRef } from "./operations";
import { stopProcessGroup } from "./processes";
import { db } from "../db/client";

export type OneShot = {
  phase: OperationPhase;
  /** A board-set shell command, or an argv we built ourselves (git): never text an agent supplied. */
  command: { shell: string } | { argv: string[] };
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
  workspaceCommandId?: string | null;
  actor: Actor | null;
  runId?: string | null;
};

/** In-flight one-shot commands of this server, by operation id, so a close can stop the jobs it would orphan. */
const globalForJobs = globalThis as unknown as { switchboardJobs?: Map<string, { pgid: number; ref: WorkspaceRef }> };
const jobs = (globalForJobs.switchboardJobs ??= new Map());

const display = (command: OneShot["command"]) => ("shell" in command ? command.shell : command.argv.join(" "));

/**
 * Runs a command to completion as one workspace operation: its own process group, output to the operation's log,
 * excerpts and exit code on the row. Resolves `settled` when it ends; `operation` as soon as the row exists.
 */
export async function runOneShot(ref: WorkspaceRef, input: OneShot): Promise<{ operation: WorkspaceOperation; settled: Promise<WorkspaceOperation> }> {
  const operation = await startOperation(ref, {
    phase: input.phase,
    command: display(input.command),
    cwd: input.cwd,
    workspaceCommandId: input.workspaceCommandId,
    actor: input.actor,
    runId: input.runId,
  });
  const log = new OperationLog(operation.logPath!);
  if (!existsSync(input.cwd)) {
    const error = `Working directory ${input.cwd} does not exist`;
    log.write("system", `${error}\n`);
    log.close();
    return { operation, settled: finishOperation(ref, operation.id, { status: "failed", error, stderrExcerpt: error }) };
  }
  const [file, args] = "shell" in input.command ? ["/bin/sh", ["-c", input.command.shell]] : [input.command.argv[0], input.command.argv.slice(1)];
  const child = spawn(file, args, { cwd: input.cwd, env: input.env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  log.write("system", `$ ${display(input.command)}\n`);
  child.stdout.on("data", (chunk: Buffer) => log.write("stdout", chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => log.write("stderr", chunk.toString("utf8")));
  // Listen before any await: a fast command can exit while we are still writing its pid.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error: string | null }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error: error.message }));
    child.once("close", (code, signal) => resolve({ code, signal, error: null }));
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid) void stopProcessGroup(child.pid, 2_000);
  }, input.timeoutMs ?? 600_000);
  if (child.pid) {
    jobs.set(operation.id, { pgid: child.pid, ref });
    await db.workspaceOperation.update({ where: { id: operation.id }, data: { pid: child.pid } });
  }
  const settled = exited.then(async ({ code, signal, error }) => {
    clearTimeout(timer);
    jobs.delete(operation.id);
    // The leader exited; anything it left running in its group goes too.
    if (child.pid) await stopProcessGroup(child.pid, 1_000);
    const failure =
      error ??
      (timedOut
        ? `Timed out after ${Math.round((input.timeoutMs ?? 600_000) / 1000)} s`
        : signal
          ? `Killed by ${signal}`
          : code !== 0
            ? `Exited with code ${code}`
            : null);
    log.write("system", failure ? `${failure}\n` : `Exited with code 0\n`);
    log.close();
    return finishOperation(ref, operation.id, {
      status: failure ? "failed" : "succeeded",
      exitCode: code,
      error: failure,
      stdoutExcerpt: log.stdout.tail(),
      stderrExcerpt: log.stderr.tail() || (failure ?? ""),
    });
  });
  return { operation, settled };
}

/** Runs to completion and returns the finished operation. */
export async function runToCompletion(ref: WorkspaceRef, input: OneShot): Promise<WorkspaceOperation> {
  return (await runOneShot(ref, input)).settled;
}

/** Stops every one-shot command still running in a workspace (a close kills in-flight jobs, as the guide warns). */
export async function stopWorkspaceJobs(workspaceId: string) {
  const mine = [...jobs.values()].filter((job) => job.ref.id === workspaceId);
  await Promise.all(mine.map((job) => stopProcessGroup(job.pgid, 2_000)));
}

export const runningJobGroups = () => new Set([...jobs.values()].map((job) => job.pgid));
