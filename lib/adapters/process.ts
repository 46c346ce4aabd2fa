import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import { stopProcessGroup } from "../runtime/processes";
import type { Adapter, AdapterResult, RunContext, Usage } from "./types";

const KILL_GRACE_MS = 3_000;

/**
 * TERM to the whole process group, then KILL whatever is still alive: a run never leaves children behind. The
 * workspace supervisor's stop checks the group's members first, so a late KILL never reaches a reused group id.
 */
function killGroup(child: ChildProcess) {
  if (child.pid) void stopProcessGroup(child.pid, KILL_GRACE_MS);
}

/** A stdout line `{"type":"usage", inputTokens, outputTokens, …}` reports what the run consumed. */
export function usageFromLine(line: string): Usage | null {
  if (!line.startsWith("{")) return null;
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    if (value.type !== "usage") return null;
    const number = (key: string) => (typeof value[key] === "number" ? (value[key] as number) : 0);
    return {
      inputTokens: number("inputTokens"),
      cachedInputTokens: number("cachedInputTokens"),
      outputTokens: number("outputTokens"),
      ...(typeof value.model === "string" ? { model: value.model } : {}),
      ...(typeof value.costCents === "number" ? { costCents: value.costCents } : {}),
    };
  } catch {
    return null;
  }
}

/** Runs a command in its own process group with the wake's environment, until it exits, times out or is cancelled. */
export async function runCommand(
  context: RunContext,
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; onStdoutLine?: (line: string) => void; stdin?: string; env?: Record<string, string> },
) {
  return new Promise<{ exitCode: number | null; outcome: "exited" | "timed_out" | "cancelled"; error: string | null; stdout: string; stderr: string }>(
    (resolve) => {
      let child: ChildProcess;
      try {
        child = spawn(command, args, {
          cwd: options.cwd,
          env: (options.env ?? context.env) as NodeJS.ProcessEnv,
          detached: true,
          stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        });
      } catch (error) {
        resolve({ exitCode: null, outcome: "exited", error: (error as Error).message, stdout: "", stderr: "" });
        return;
      }
      if (options.stdin !== undefined) {
        // A CLI that exits without reading all of its input must not crash the server with EPIPE.
        child.stdin!.on("error", () => undefined);
        child.stdin!.end(options.stdin);
      }
      let stdout = "";
      let stderr = "";
      let pending = "";
      let outcome: "exited" | "timed_out" | "cancelled" = "exited";
      child.stdout!.on("data", (chunk: Buffer) => {
        const text = chunk.toString("utf8");
        stdout += text;
        context.log(text);
        pending += text;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) options.onStdoutLine?.(line.trim());
      });
      child.stderr!.on("data", (chunk: Buffer) => {
        const text = chunk.toString("utf8");
        stderr += text;
        context.log(text);
      });
      const timer = setTimeout(() => {
        outcome = "timed_out";
        killGroup(child);
      }, options.timeoutMs);
      void context.cancelled.then(() => {
        outcome = "cancelled";
        killGroup(child);
      });
      child.on("error", (error) => {
        clearTimeout(timer);
        resolve({ exitCode: null, outcome, error: error.message, stdout, stderr });
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        if (pending.trim()) options.onStdoutLine?.(pending.trim());
        // The leader is gone; make sure nothing it started lives on.
        killGroup(child);
        resolve({ exitCode: code, outcome, error: null, stdout, stderr });
      });
    },
  );
}

export function resultOf(run: Awaited<ReturnType<typeof runCommand>>, extra: Partial<AdapterResult> = {}): AdapterResult {
  const status =
    run.outcome === "timed_out" ? "timed_out" : run.outcome === "cancelled" ? "cancelled" : run.exitCode === 0 && !run.error ? "succeeded" : "failed";
  return {
    status,
    exitCode: run.exitCode,
    error: run.error ?? (status === "failed" ? `Exited with code ${run.exitCode}` : status === "timed_out" ? "Timed out" : null),
    usage: null,
    summary: null,
    sessionId: null,
    ...extra,
  };
}

/** `process`: spawn the configured command (board-set; agents never choose it) with the PAPERCLIP_* environment. */
export const processAdapter: Adapter = async (context) => {
  const command = context.config.command;
  if (typeof command !== "string" || !command)
    return { status: "failed", exitCode: null, error: "adapterConfig.command is not set", usage: null, summary: null, sessionId: null };
  const args = Array.isArray(context.config.args) ? context.config.args.map(String) : [];
  let usage: Usage | null = null;
  const run = await runCommand(context, command, args, {
    cwd: context.cwd,
    timeoutMs: (typeof context.config.timeoutSec === "number" ? context.config.timeoutSec : 600) * 1000,
    onStdoutLine: (line) => {
      usage = usageFromLine(line) ?? usage;
    },
  });
  return resultOf(run, { usage });
};
