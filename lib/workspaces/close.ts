import "server-only";
import { existsSync } from "node:fs";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import type { ExecutionWorkspace } from "../db/generated/client";
import { withAdvisoryLock } from "../db/sql";
import { Conflict } from "../errors";
import { releaseMarks } from "../marks/marks";
import { runToCompletion, stopWorkspaceJobs } from "../runtime/exec";
import { publishWorkspaceEvent, type WorkspaceRef } from "../runtime/operations";
import { commandEnvironment, workspaceVariables } from "../runtime/processes";
import { TERMINAL_STATUSES } from "../schemas/issues";
import { stopAllServices } from "../runtime/supervisor";
import { serializeRuntimeService } from "./serialize";
import { findExecutionWorkspace } from "./find";
import { environmentOf } from "../environments/environments";
import { environmentVariables } from "../environments/resolve";
import { beginFinalizing, endFinalizing } from "./finalizing";
import { git, gitEnvironment, gitFacts } from "./git";

const TERMINAL = new Set<string>(TERMINAL_STATUSES);
type Config = { cleanupCommand?: string; teardownCommand?: string };

/** What closing would do and lose, in the order it would happen; `blocked` while an agent is working in it. */
export async function closeReadiness(actor: Actor, id: string) {
  return readinessOf(await findExecutionWorkspace(actor, id));
}

/** The issues a workspace serves. */
async function linkedIssuesOf(workspaceId: string) {
  const links = await db.executionWorkspaceIssue.findMany({ where: { executionWorkspaceId: workspaceId }, select: { issueId: true } });
  return db.issue.findMany({
    where: { id: { in: links.map((link) => link.issueId) } },
    select: { id: true, identifier: true, title: true, status: true, executionRunId: true },
  });
}

/** What stops a close outright: a linked issue a live run is working on. */
const blockingReasonsOf = (issues: Awaited<ReturnType<typeof linkedIssuesOf>>) =>
  issues
    .filter((issue) => issue.status === "in_progress" && issue.executionRunId)
    .map((issue) => `${issue.identifier} is being worked on by a live run; let it finish or release it first`);

async function readinessOf(workspace: ExecutionWorkspace) {
  const config = workspace.config as Config;
  const issues = await linkedIssuesOf(workspace.id);
  const services = await db.workspaceRuntimeService.findMany({ where: { executionWorkspaceId: workspace.id } });
  const running = services.filter((service) => service.status === "running" || service.status === "starting");
  const isGitWorktree = workspace.strategyType === "git_worktree";
  const git = workspace.cwd && existsSync(workspace.cwd) ? await gitFacts(workspace.cwd, workspace.branchName, workspace.baseRef, isGitWorktree) : null;

  const blockingReasons = blockingReasonsOf(issues);
  const warnings: string[] = [];
  const open = issues.filter((issue) => !TERMINAL.has(issue.status));
  if (open.length) warnings.push(`${open.length} linked issue(s) are not done or cancelled: ${open.map((issue) => issue.identifier).join(", ")}`);
  if (running.length) warnings.push(`${running.length} running service(s) will be stopped`);
  if (git?.hasDirtyTrackedFiles || git?.hasUntrackedFiles)
    warnings.push(`Uncommitted changes (${git.dirtyEntryCount} modified, ${git.untrackedEntryCount} untracked) will be lost at teardown`);
  if (git?.aheadCount)
    warnings.push(`${git.aheadCount} commit(s) on ${workspace.branchName} are not on ${workspace.baseRef}; the branch is kept, merge it to keep the work`);
  if (workspace.cwd && !existsSync(workspace.cwd)) warnings.push(`The working directory ${workspace.cwd} no longer exists`);
  if (workspace.status === "cleanup_failed") warnings.push("A previous close failed; this retries it");

  const plannedActions = [
    ...(running.length
      ? [
          {
            kind: "stop_runtime_services",
            label: "Stop runtime services",
            description: running.map((service) => service.serviceName).join(", "),
            command: null,
          },
        ]
      : []),
    ...(config.cleanupCommand
      ? [{ kind: "cleanup_command", label: "Run cleanup command", description: "Runs first, in the workspace", command: config.cleanupCommand }]
      : []),
    ...(config.teardownCommand
      ? [{ kind: "teardown_command", label: "Run teardown command", description: "Runs after cleanup, in the workspace", command: config.teardownCommand }]
      : []),
    ...(isGitWorktree && workspace.providerRef
      ? [
          {
            kind: "git_worktree_remove",
            label: "Remove git worktree",
            description: `Removes ${workspace.providerRef}; the branch ${workspace.branchName} is kept`,
            command: `git worktree remove --force ${workspace.providerRef}`,
          },
        ]
      : []),
    { kind: "archive_record", label: "Archive workspace", description: "The workspace leaves the default list", command: null },
  ];
  return {
    workspaceId: workspace.id,
    state: blockingReasons.length ? "blocked" : warnings.length ? "ready_with_warnings" : "ready",
    blockingReasons,
    warnings,
    linkedIssues: issues.map((issue) => ({
      id: issue.id,
      identifier: issue.identifier,
      title: issue.title,
      status: issue.status,
      isTerminal: TERMINAL.has(issue.status),
    })),
    plannedActions,
    isDestructiveCloseAllowed: true,
    isSharedWorkspace: workspace.mode === "shared_workspace",
    isProjectPrimaryWorkspace: workspace.strategyType === "project_primary",
    git,
    runtimeServices: services.map(serializeRuntimeService),
  };
}

/**
 * Close: stop services and in-flight jobs, run cleanup then teardown (each its own operation), remove the worktree,
 * then archive. Any failure leaves the workspace in cleanup_failed with everything else as it was, for a retry.
 */
export async function closeExecutionWorkspace(actor: Actor | null, runId: string | null, id: string) {
  const outcome = await withAdvisoryLock(`workspace-close:${id}`, "try", async () => {
    const workspace = await db.executionWorkspace.findUniqueOrThrow({ where: { id } });
    // Only the blockers decide; the full readiness (git state, services) is read for the refusal alone.
    const blocking = blockingReasonsOf(await linkedIssuesOf(workspace.id));
    if (blocking.length) throw new Conflict(blocking[0], "workspace_close_blocked", { closeReadiness: await readinessOf(workspace) });
    const ref: WorkspaceRef = { kind: "execution", id: workspace.id, companyId: workspace.companyId };
    // Finalizing from the first step to the archived (or cleanup_failed) record: held work waits for all of it.
    let failure: string | null = "The close stopped unexpectedly";
    try {
      await beginFinalizing(workspace, "close");
      const stepFailure = await runCloseSteps(ref, workspace, actor);
      await recordCloseOutcome(actor, runId, workspace, stepFailure);
      // Only a recorded outcome counts: if recording threw, held work is told the close did not finish.
      failure = stepFailure;
    } finally {
      await endFinalizing(workspace.id, failure);
    }
    return failure ? "cleanup_failed" : "archived";
  });
  if (outcome === null) throw new Conflict("This workspace is already being closed", "workspace_close_in_progress");
  return outcome;
}

async function recordCloseOutcome(actor: Actor | null, runId: string | null, workspace: ExecutionWorkspace, failure: string | null) {
  const id = workspace.id;
  const ref: WorkspaceRef = { kind: "execution", id, companyId: workspace.companyId };
  const status = failure ? "cleanup_failed" : "archived";
  await db.$transaction(async (tx) => {
    // Issues sharing a closed shared workspace must not try to run in it again (issues first, as holds lock them).
    if (!failure && workspace.mode === "shared_workspace")
      await tx.issue.updateMany({ where: { executionWorkspaceId: id }, data: { executionWorkspaceId: null } });
    // Nobody edits files in an archived workspace (and a removed one's marks would otherwise go without an event).
    if (!failure) await releaseMarks(tx, { workspaceId: id }, "workspace archived");
    await tx.executionWorkspace.update({ where: { id }, data: failure ? { status } : { status, closedAt: new Date(), cleanupEligibleAt: null } });
    await recordActivity(tx, actor, runId, {
      companyId: workspace.companyId,
      action: failure ? "execution_workspace.close_failed" : "execution_workspace.archived",
      entityType: "execution_workspace",
      entityId: id,
      details: failure ? { error: failure } : {},
    });
  });
  await publishWorkspaceEvent(ref, "workspace.updated");
}

async function runCloseSteps(ref: WorkspaceRef, workspace: ExecutionWorkspace, actor: Actor | null): Promise<string | null> {
  let stops: Awaited<ReturnType<typeof stopAllServices>>;
  try {
    stops = await stopAllServices(ref, actor);
  } catch (error) {
    // A service whose host did not take the stop, or one with an action still pending: the close fails with why.
    if (error instanceof Conflict) return error.message;
    throw error;
  }
  const failedStop = stops.find((stop) => stop.operation.status === "failed");
  if (failedStop) return failedStop.operation.error ?? "A service could not be stopped";
  await stopWorkspaceJobs(workspace.id);
  const config = workspace.config as Config;
  const cwd = workspace.cwd && existsSync(workspace.cwd) ? workspace.cwd : null;
  const env = commandEnvironment(environmentVariables(await environmentOf(workspace)), workspaceVariables(workspace));
  for (const [phase, command] of [
    ["workspace_cleanup", config.cleanupCommand],
    ["workspace_teardown", config.teardownCommand],
  ] as const) {
    if (!command) continue;
    if (!cwd)
      return `Cannot run the ${phase === "workspace_cleanup" ? "cleanup" : "teardown"} command: the working directory ${workspace.cwd ?? "(none)"} does not exist`;
    const operation = await runToCompletion(ref, { phase, command: { shell: command }, cwd, env, timeoutMs: 300_000, actor });
    if (operation.status === "failed") return operation.error ?? `${phase} failed`;
  }
  if (workspace.strategyType === "git_worktree" && workspace.providerRef) return removeWorktree(ref, workspace, actor);
  return null;
}

/** The worktree goes; its branch stays, so committed work survives the close. */
async function removeWorktree(ref: WorkspaceRef, workspace: ExecutionWorkspace, actor: Actor | null): Promise<string | null> {
  const metadata = (workspace.metadata ?? {}) as { repoRoot?: string };
  const repoRoot = metadata.repoRoot;
  // Paths here are workspace paths on disk, not project files: keep them out of the build trace.
  if (!repoRoot || !existsSync(/*turbopackIgnore: true*/ repoRoot))
    return existsSync(workspace.providerRef!)
      ? `The repository ${repoRoot ?? "(unknown)"} of this worktree is gone; remove ${workspace.providerRef} by hand`
      : null;
  if (existsSync(workspace.providerRef!)) {
    const operation = await runToCompletion(ref, {
      phase: "worktree_cleanup",
      command: { argv: ["git", "worktree", "remove", "--force", workspace.providerRef!] },
      cwd: repoRoot,
      env: gitEnvironment(),
      timeoutMs: 60_000,
      actor,
    });
    if (operation.status === "failed") return operation.error ?? "git worktree remove failed";
  }
  await git(repoRoot, ["worktree", "prune"]);
  return null;
}
