import "server-only";
import { isCodexUnknownSessionError, parseCodexJsonl } from "./codex-parse";
import { resultOf, runCommand } from "./process";
import type { Adapter } from "./types";

/** The prompt codex gets: the wake in words, with the variables an agent skill expects. */
function promptFor(env: Record<string, string>) {
  return [
    `You are a Paperclip agent. Wake reason: ${env.PAPERCLIP_WAKE_REASON ?? "heartbeat"}.`,
    env.PAPERCLIP_TASK_ID ? `Task: ${env.PAPERCLIP_TASK_ID}.` : "",
    "Follow your heartbeat procedure using the Paperclip API (PAPERCLIP_API_URL, PAPERCLIP_API_KEY, PAPERCLIP_RUN_ID).",
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * `codex_local`: `codex exec --json`, resuming the agent's saved session for the task when there is one. When codex
 * says that session is unknown or its rollout is missing, the saved session is cleared and the run retried once fresh.
 */
export const codexAdapter: Adapter = async (context) => {
  const binary = typeof context.config.codexPath === "string" && context.config.codexPath ? context.config.codexPath : "codex";
  const extraArgs = Array.isArray(context.config.args) ? context.config.args.map(String) : [];
  const options = {
    cwd: typeof context.config.cwd === "string" ? context.config.cwd : process.cwd(),
    timeoutMs: (typeof context.config.timeoutSec === "number" ? context.config.timeoutSec : 1800) * 1000,
  };
  const attempt = (sessionId: string | null) =>
    runCommand(context, binary, ["exec", "--json", ...extraArgs, ...(sessionId ? ["resume", sessionId] : []), promptFor(context.env)], options);

  const saved = context.session.get();
  let run = await attempt(saved);
  if (saved && run.exitCode !== 0 && run.outcome === "exited" && isCodexUnknownSessionError(run.stdout, run.stderr)) {
    context.log(`\n[switchboard] codex could not resume session ${saved}; starting a fresh session\n`);
    await context.session.set(null);
    run = await attempt(null);
  }
  const parsed = parseCodexJsonl(run.stdout);
  if (parsed.sessionId) await context.session.set(parsed.sessionId);
  const result = resultOf(run, { usage: parsed.usage, summary: parsed.summary || null, sessionId: parsed.sessionId });
  if (result.status === "failed" && parsed.errorMessage) result.error = parsed.errorMessage;
  return result;
};
