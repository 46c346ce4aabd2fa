import "server-only";
import { existsSync } from "node:fs";
import type { ExecutionWorkspace, ProjectWorkspace } from "../db/generated/client";
import { branchExists } from "./git";
import { portHolders } from "../runtime/supervisor";
import { effectiveRuntime } from "./runtime-config";

export type TroubleshootingSignal = {
  code: "cwd_missing" | "branch_missing" | "runtime_config_none" | "port_held" | "close_failed" | "environment_conflict";
  severity: "warning" | "error";
  message: string;
  hint: string;
};

/** The guide's troubleshooting checklist, answered for one workspace: each signal says what is wrong and where to fix it. */
export async function troubleshootingSignals(workspace: ExecutionWorkspace, projectWorkspace: ProjectWorkspace | null): Promise<TroubleshootingSignal[]> {
  if (workspace.status === "archived") return [];
  const signals: TroubleshootingSignal[] = [];
  const cwdPresent = Boolean(workspace.cwd && existsSync(workspace.cwd));
  if (!cwdPresent) {
    signals.push({
      code: "cwd_missing",
      severity: "error",
      message: workspace.cwd ? `The working directory ${workspace.cwd} does not exist` : "No working directory is set",
      hint: "Without an absolute working directory no local command can run: set it under Configuration → Workspace settings, or close this workspace.",
    });
  }
  const repoRoot = (workspace.metadata as { repoRoot?: string } | null)?.repoRoot;
  const gitDir = cwdPresent ? workspace.cwd! : repoRoot && existsSync(repoRoot) ? repoRoot : null;
  if (workspace.branchName && gitDir && !(await branchExists(gitDir, workspace.branchName))) {
    signals.push({
      code: "branch_missing",
      severity: "error",
      message: `The branch ${workspace.branchName} no longer exists`,
      hint: "It was deleted outside Switchboard; the agent will fail to check it out. Re-create or re-point the branch.",
    });
  }
  const runtime = effectiveRuntime(workspace.config as Record<string, unknown>, (projectWorkspace?.runtimeConfig ?? null) as Record<string, unknown> | null);
  if (runtime.source === "none") {
    signals.push({
      code: "runtime_config_none",
      severity: "warning",
      message: "Runtime config source is None: no service commands are available",
      hint: "Give the project workspace a runtime config, or override it on this workspace under Configuration → Advanced runtime JSON.",
    });
  }
  const ports = runtime.runtime.commands.filter((command) => command.port).map((command) => command.port!);
  if (ports.length) {
    // Project workspaces' services (execution id null) count too.
    const holders = await portHolders(workspace.companyId, ports, { OR: [{ executionWorkspaceId: null }, { executionWorkspaceId: { not: workspace.id } }] });
    for (const holder of holders) {
      signals.push({
        code: "port_held",
        severity: "warning",
        message: `Port ${holder.port} is held by ${holder.serviceName} of workspace "${holder.workspaceName ?? "another workspace"}"`,
        hint: "Two worktrees inheriting one dev server config both try to bind it: override the port here or run one at a time.",
      });
    }
  }
  if (workspace.status === "cleanup_failed") {
    signals.push({
      code: "close_failed",
      severity: "error",
      message: "The previous close failed; the workspace keeps its stale state until a retry succeeds",
      hint: "Read the failed step in Runtime logs, fix its cause, then Retry close.",
    });
  }
  const conflict = workspace.environmentConflict as { identifier?: string; intendedEnvironment?: { name?: string } | null } | null;
  if (conflict) {
    signals.push({
      code: "environment_conflict",
      severity: "warning",
      message: `${conflict.identifier ?? "An issue"} meant to run in "${conflict.intendedEnvironment?.name ?? "another environment"}" could not start here`,
      hint: "Resolve it on the issue: move it to a fresh workspace or set the issue's environment.",
    });
  }
  return signals;
}
