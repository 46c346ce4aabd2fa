import "server-only";
import { logDelivery, wakePrompt } from "./delivery";
import { mcpEnabled, runMcpAccess } from "./mcp-config";
import { runCommand } from "./process";
import type { Staged } from "./staging";
import type { RunContext } from "./types";

export type CommandRun = Awaited<ReturnType<typeof runCommand>>;

/** The board-set settings every CLI adapter shares: which binary, extra arguments and for how long; the run's folder. */
export function cliSettings(context: RunContext, binaryKey: "codexPath" | "claudePath", defaultBinary: string) {
  const config = context.config;
  const binary = typeof config[binaryKey] === "string" && config[binaryKey] ? (config[binaryKey] as string) : defaultBinary;
  return {
    binary,
    extraArgs: Array.isArray(config.args) ? config.args.map(String) : [],
    cwd: context.cwd,
    timeoutMs: (typeof config.timeoutSec === "number" ? config.timeoutSec : 1800) * 1000,
    prompt: wakePrompt(context.wake, context.env),
  };
}

/** Switchboard's MCP server for this run, or null, said in the run log, when the owner turned it off (`mcp: false`). */
export function runMcp(context: RunContext) {
  const access = runMcpAccess(context.config, context.env);
  if (!access)
    context.log(
      `[switchboard] MCP server not given to this run: ${mcpEnabled(context.config) ? "its environment has no API URL or key" : "adapterConfig.mcp is false"}\n`,
    );
  return access;
}

/**
 * Stages the run's skills and instructions, logs what was delivered, and runs the CLI on the agent's saved session for
 * the task. When the CLI says that session is unknown, the saved session is cleared and the run retried fresh once. The
 * staged folder is removed however the run ends.
 */
export async function runWithDelivery<T>(
  context: RunContext,
  name: string,
  stage: () => Staged,
  attempt: (sessionId: string | null, staged: Staged) => Promise<{ run: CommandRun; parsed: T }>,
  unknownSession: (result: { run: CommandRun; parsed: T }) => boolean,
) {
  const staged = stage();
  try {
    logDelivery(context.delivery, context.log);
    const saved = context.session.get();
    let result = await attempt(saved, staged);
    if (saved && result.run.outcome === "exited" && result.run.exitCode !== 0 && unknownSession(result)) {
      context.log(`\n[switchboard] ${name} could not resume session ${saved}; starting a fresh session\n`);
      await context.session.set(null);
      result = await attempt(null, staged);
    }
    return result;
  } finally {
    staged.cleanup();
  }
}
