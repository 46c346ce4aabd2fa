import "server-only";
import { cliSettings, runMcp, runWithDelivery } from "./cli";
import { isCodexUnknownSessionError, parseCodexJsonl } from "./codex-parse";
import { resultOf, runCommand } from "./process";
import { stageForCodex } from "./staging";
import type { Adapter } from "./types";

/**
 * `codex_local`: `codex exec --json`, resuming the agent's saved session for the task when there is one, with the
 * skills, instructions and Switchboard's MCP server in a per-run CODEX_HOME. When codex says that session is unknown
 * or its rollout is missing, the saved session is cleared and the run retried once fresh.
 */
export const codexAdapter: Adapter = async (context) => {
  const settings = cliSettings(context, "codexPath", "codex");
  const { run, parsed } = await runWithDelivery(
    context,
    "codex",
    () => stageForCodex(context.delivery, context.env, context.agentId, context.log, runMcp(context)),
    async (sessionId, staged) => {
      // Codex refuses to work outside a git repository unless told; the agent's own folder is not one, by design.
      const outsideRepo = context.ownFolder ? ["--skip-git-repo-check"] : [];
      const args = ["exec", "--json", ...outsideRepo, ...settings.extraArgs, ...(sessionId ? ["resume", sessionId] : []), settings.prompt];
      const run = await runCommand(context, settings.binary, args, {
        cwd: settings.cwd,
        timeoutMs: settings.timeoutMs,
        env: { ...context.env, ...staged.env },
      });
      return { run, parsed: parseCodexJsonl(run.stdout) };
    },
    ({ run }) => isCodexUnknownSessionError(run.stdout, run.stderr),
  );
  if (parsed.sessionId) await context.session.set(parsed.sessionId);
  const result = resultOf(run, { usage: parsed.usage, summary: parsed.summary || null, sessionId: parsed.sessionId });
  if (result.status === "failed" && parsed.errorMessage) result.error = parsed.errorMessage;
  return result;
};
