import "server-only";
import { isClaudeUnknownSessionError, parseClaudeStreamJson } from "./claude-parse";
import { cliSettings, runMcp, runWithDelivery } from "./cli";
import { resultOf, runCommand } from "./process";
import { stageForClaude } from "./staging";
import type { Adapter } from "./types";

/**
 * Claude Code refuses `--dangerously-skip-permissions` as root unless IS_SANDBOX=1 says the machine is disposable. That
 * is the owner's statement to make, not ours, so the run log says why the CLI may refuse and how to choose.
 */
export function rootPermissionNote(uid: number | undefined, skipPermissions: boolean, env: Record<string, string>): string | null {
  if (uid !== 0 || !skipPermissions || env.IS_SANDBOX === "1") return null;
  return (
    "[switchboard] this server runs as root, and Claude Code refuses --dangerously-skip-permissions as root unless IS_SANDBOX=1: " +
    "add IS_SANDBOX=1 to the agent's adapter env only if this machine is a throwaway sandbox, or set dangerouslySkipPermissions to false\n"
  );
}

/**
 * `claude_local`: Claude Code in print mode with stream-JSON output, the prompt on stdin, resuming the agent's saved
 * session for the task. Skills arrive through `--add-dir`, instructions through `--append-system-prompt-file` and
 * Switchboard's MCP server through `--mcp-config`, all from a per-run folder. A session Claude no longer knows is
 * cleared and the run retried once fresh.
 */
export const claudeAdapter: Adapter = async (context) => {
  const settings = cliSettings(context, "claudePath", "claude");
  const config = context.config;
  // Print mode cannot answer permission prompts, so like Paperclip the default is to skip them; owners can turn it off.
  const skipPermissions = config.dangerouslySkipPermissions !== false;
  const note = rootPermissionNote(process.getuid?.(), skipPermissions, context.env);
  if (note) context.log(note);
  const { run, parsed } = await runWithDelivery(
    context,
    "claude",
    () => stageForClaude(context.delivery, context.log, runMcp(context)),
    async (sessionId, staged) => {
      const args = ["--print", "--output-format", "stream-json", "--verbose"];
      if (sessionId) args.push("--resume", sessionId);
      if (skipPermissions) args.push("--dangerously-skip-permissions");
      if (typeof config.model === "string" && config.model) args.push("--model", config.model);
      if (typeof config.maxTurns === "number") args.push("--max-turns", String(config.maxTurns));
      args.push(...staged.args, ...settings.extraArgs);
      const run = await runCommand(context, settings.binary, args, { cwd: settings.cwd, timeoutMs: settings.timeoutMs, stdin: settings.prompt });
      return { run, parsed: parseClaudeStreamJson(run.stdout) };
    },
    ({ run, parsed }) => isClaudeUnknownSessionError(parsed, run.stderr),
  );
  if (parsed.sessionId) await context.session.set(parsed.sessionId);
  const result = resultOf(run, { usage: parsed.usage, summary: parsed.summary || null, sessionId: parsed.sessionId });
  // Claude can print an error result and still exit 0; its result decides.
  if (result.status === "succeeded" && parsed.errorMessage) result.status = "failed";
  if (result.status === "failed" && parsed.errorMessage) result.error = parsed.errorMessage;
  return result;
};
