import "server-only";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import type { ExecutionWorkspace, Issue, ProjectWorkspace } from "../db/generated/client";
import { withAdvisoryLock } from "../db/sql";
import { runToCompletion } from "../runtime/exec";
import { publishWorkspaceEvent, type WorkspaceRef } from "../runtime/operations";
import { commandEnvironment, workspaceVariables } from "../runtime/processes";
import { TERMINAL_STATUSES, type IssueStatus } from "../schemas/issues";
import { environmentOf } from "../environments/environments";
import { environmentVariables, outsideAllowedRoot, type ResolvedEnvironment } from "../environments/resolve";
import { clearSettledConflict, conflictMessage, recordEnvironmentConflict, workspaceEnvironmentId, type EnvironmentConflict } from "./conflicts";
import { endFinalizing, finalizingFields, keepFinalizing, takeFinalizeLease } from "./finalizing";
import { branchExists, branchNameFor, git, gitEnvironment } from "./git";

type Strategy = {
  type?: string;
  baseRef?: string | null;
  branchTemplate?: string | null;
  worktreeParentDir?: string | null;
  provisionCommand?: string | null;
  teardownCommand?: string | null;
};
type Policy = { enabled?: boolean; defaultMode?: string; defaultProjectWorkspaceId?: string | null; workspaceStrategy?: Strategy };
type IssueSettings = { mode?: string; workspaceStrategy?: Strategy | null };

export const DEFAULT_BRANCH_TEMPLATE = "{{issue.identifier}}-workspace";
const REUSABLE = ["active", "idle", "in_review"];

export type ProvisionResult = { workspace: ExecutionWorkspace; provisioned: boolean; error: string | null; conflict?: EnvironmentConflict } | null;

/** The project's mode for issues that don't choose: Paperclip's adapter_default means "the agent decides". */
function policyMode(policy: Policy) {
  if (policy.defaultMode === "isolated_workspace" || policy.defaultMode === "operator_branch") return "isolated_workspace";
  if (policy.defaultMode === "adapter_default") return "agent_default";
  return "shared_workspace";
}

async function reusable(id: string | null | undefined) {
  if (!id) return null;
  const workspace = await db.executionWorkspace.findUnique({ where: { id } });
  return workspace && REUSABLE.includes(workspace.status) ? workspace : null;
}

/** The workspace an issue would inherit: its own, the one named by inheritExecutionWorkspaceFromIssueId, or its parent's. */
async function inheritedWorkspace(issue: Issue) {
  const own = await reusable(issue.executionWorkspaceId);
  if (own) return own;
  for (const sourceId of [issue.inheritExecutionWorkspaceFromIssueId, issue.parentId]) {
    if (!sourceId) continue;
    const source = await db.issue.findUnique({ where: { id: sourceId }, select: { executionWorkspaceId: true } });
    const workspace = await reusable(source?.executionWorkspaceId);
    if (workspace) return workspace;
  }
  return null;
}

/**
 * Called when an agent has just checked out an issue and before each of its runs. With the project's isolated
 * workspaces on, the issue gets an execution workspace: reused (its own, an inherited one, or its parent's) or
 * provisioned as a new git worktree in the run's intended environment. A reused workspace of another environment is
 * a conflict, never silently joined. Shared mode runs in the project's primary checkout and makes no workspace.
 * Serialised per issue.
 */
export async function ensureExecutionWorkspace(
  issue: Issue,
  intended: ResolvedEnvironment,
  actor: Actor | null,
  runId: string | null,
): Promise<ProvisionResult> {
  if (!issue.projectId) return null;
  const project = await db.project.findUnique({ where: { id: issue.projectId }, select: { id: true, executionWorkspacePolicy: true } });
  const policy = (project?.executionWorkspacePolicy ?? null) as Policy | null;
  if (!policy?.enabled) return null;
  return withAdvisoryLock(`issue-workspace:${issue.id}`, "wait", async (): Promise<ProvisionResult> => {
    const current = await db.issue.findUniqueOrThrow({ where: { id: issue.id } });
    const settings = (current.executionWorkspaceSettings ?? {}) as IssueSettings;
    const requested = settings.mode ?? current.executionWorkspacePreference ?? "inherit";
    if (requested === "inherit" || requested === "reuse_existing" || requested === "isolated_workspace" || requested === "operator_branch") {
      // An explicitly isolated issue keeps its own workspace across runs but never borrows another issue's.
      const existing = requested === "isolated_workspace" || requested === "operator_branch" ? await ownIsolated(current) : await inheritedWorkspace(current);
      if (existing) {
        const fallback = intended.instanceDefault;
        const existingEnvironmentId = workspaceEnvironmentId(existing, fallback.id);
        if (existingEnvironmentId !== intended.environment.id) {
          const named = existingEnvironmentId === fallback.id ? fallback : await environmentOf(existing);
          const conflict = await recordEnvironmentConflict(existing, current, intended, named ? { id: named.id, name: named.name } : null, runId);
          return { workspace: existing, provisioned: false, error: conflictMessage(conflict), conflict };
        }
        return { workspace: await attach(existing, current, actor, runId), provisioned: false, error: null };
      }
    }
    const mode =
      requested === "inherit" || requested === "reuse_existing" ? policyMode(policy) : requested === "operator_branch" ? "isolated_workspace" : requested;
    if (mode !== "isolated_workspace") return null;
    return provisionWorktree(current, policy, settings, intended, actor, runId);
  });
}

async function ownIsolated(issue: Issue) {
  const workspace = await reusable(issue.executionWorkspaceId);
  return workspace && workspace.sourceIssueId === issue.id ? workspace : null;
}

async function attach(workspace: ExecutionWorkspace, issue: Issue, actor: Actor | null, runId: string | null) {
  const updated = await db.$transaction(async (tx) => {
    await clearSettledConflict(tx, issue);
    await tx.executionWorkspaceIssue.upsert({
      where: { executionWorkspaceId_issueId: { executionWorkspaceId: workspace.id, issueId: issue.id } },
      create: { executionWorkspaceId: workspace.id, issueId: issue.id },
      update: {},
    });
    if (issue.executionWorkspaceId !== workspace.id) {
      await tx.issue.update({ where: { id: issue.id }, data: { executionWorkspaceId: workspace.id } });
      await recordActivity(tx, actor, runId, {
        companyId: issue.companyId,
        action: "execution_workspace.linked",
        entityType: "execution_workspace",
        entityId: workspace.id,
        details: { issueId: issue.id, identifier: issue.identifier },
      });
    }
    return tx.executionWorkspace.update({
      where: { id: workspace.id },
      data: { lastUsedAt: new Date(), ...(workspace.status === "idle" ? { status: "active" } : {}) },
    });
  });
  await publishWorkspaceEvent({ kind: "execution", id: workspace.id, companyId: workspace.companyId }, "workspace.updated");
  return updated;
}

async function baseWorkspace(projectId: string, policy: Policy): Promise<ProjectWorkspace | null> {
  if (policy.defaultProjectWorkspaceId) {
    const chosen = await db.projectWorkspace.findFirst({ where: { id: policy.defaultProjectWorkspaceId, projectId } });
    if (chosen) return chosen;
  }
  return db.projectWorkspace.findFirst({ where: { projectId }, orderBy: [{ isPrimary: "desc" }, { createdAt: "asc" }] });
}

/** `git worktree add` of a new branch from the base ref, then the provision command; each an operation row. */
async function provisionWorktree(
  issue: Issue,
  policy: Policy,
  settings: IssueSettings,
  intended: ResolvedEnvironment,
  actor: Actor | null,
  runId: string | null,
): Promise<ProvisionResult> {
  const base = await baseWorkspace(issue.projectId!, policy);
  const strategy: Strategy = {
    ...(policy.workspaceStrategy ?? {}),
    ...Object.fromEntries(Object.entries(settings.workspaceStrategy ?? {}).filter(([, value]) => value != null)),
  };
  const branch = await unusedBranchName(
    branchNameFor(strategy.branchTemplate || DEFAULT_BRANCH_TEMPLATE, {
      "issue.identifier": issue.identifier,
      "issue.id": issue.id,
      "project.id": issue.projectId!,
      slug: issue.title.toLowerCase(),
    }),
    issue.projectId!,
  );
  const baseRef = strategy.baseRef || base?.repoRef || base?.defaultRef || "HEAD";
  const repoRoot = base?.cwd && existsSync(base.cwd) ? await git(base.cwd, ["rev-parse", "--show-toplevel"]) : null;
  const parentDir = strategy.worktreeParentDir
    ? path.resolve(repoRoot?.stdout || "/", strategy.worktreeParentDir)
    : repoRoot?.ok
      ? path.join(repoRoot.stdout, ".paperclip", "worktrees")
      : null;
  const worktreePath = parentDir ? path.join(parentDir, branch) : null;

  const workspace = await db.$transaction(async (tx) => {
    const created = await tx.executionWorkspace.create({
      data: {
        companyId: issue.companyId,
        projectId: issue.projectId!,
        projectWorkspaceId: base?.id ?? null,
        sourceIssueId: issue.id,
        mode: "isolated_workspace",
        strategyType: "git_worktree",
        providerType: "git_worktree",
        name: branch,
        cwd: worktreePath,
        providerRef: worktreePath,
        branchName: branch,
        baseRef,
        repoUrl: base?.repoUrl ?? null,
        config: {
          provisionCommand: strategy.provisionCommand ?? base?.setupCommand ?? undefined,
          teardownCommand: strategy.teardownCommand ?? undefined,
          cleanupCommand: base?.cleanupCommand ?? undefined,
        },
        metadata: { repoRoot: repoRoot?.stdout ?? null, createdByRuntime: true },
        environmentId: intended.environment.id,
        // Finalizing until the worktree and the provision command are done: dependants and acceptances wait.
        ...finalizingFields("provision"),
      },
    });
    await takeFinalizeLease(tx, created.id);
    await tx.executionWorkspaceIssue.create({ data: { executionWorkspaceId: created.id, issueId: issue.id } });
    await clearSettledConflict(tx, issue);
    await tx.issue.update({ where: { id: issue.id }, data: { executionWorkspaceId: created.id } });
    await recordActivity(tx, actor, runId, {
      companyId: issue.companyId,
      action: "execution_workspace.created",
      entityType: "execution_workspace",
      entityId: created.id,
      details: { issueId: issue.id, identifier: issue.identifier, branch },
    });
    return created;
  });
  keepFinalizing(workspace.id);
  try {
    await publishWorkspaceEvent({ kind: "execution", id: workspace.id, companyId: workspace.companyId }, "workspace.created");
    const noRepository = base?.cwd ? `${base.cwd} is not a git checkout` : "The project has no workspace with a working directory to branch from";
    return await prepareWorktree(
      workspace,
      issue,
      { repoRoot: repoRoot?.ok ? repoRoot.stdout : null, worktreePath, baseRef, noRepository },
      intended,
      actor,
      runId,
    );
  } catch (error) {
    // Whatever broke, the half-made workspace is not reused and does not stay finalizing: what waits is let go.
    await failProvision(workspace.id, (error as Error).message);
    throw error;
  }
}

/** A provision that did not finish: the record stays for the log, archived, and no longer finalizing. */
async function failProvision(workspaceId: string, error: string) {
  await db.executionWorkspace.update({
    where: { id: workspaceId },
    data: { status: "archived", closedAt: new Date(), cleanupReason: `Provisioning failed: ${error}` },
  });
  await endFinalizing(workspaceId, `Provisioning failed: ${error}`);
}

type WorktreePlace = { repoRoot: string | null; worktreePath: string | null; baseRef: string; noRepository: string };

async function prepareWorktree(
  workspace: ExecutionWorkspace,
  issue: Issue,
  place: WorktreePlace,
  intended: ResolvedEnvironment,
  actor: Actor | null,
  runId: string | null,
): Promise<ProvisionResult> {
  const { repoRoot, worktreePath, baseRef } = place;
  const ref: WorkspaceRef = { kind: "execution", id: workspace.id, companyId: workspace.companyId };
  const branch = workspace.branchName!;

  const abandon = async (error: string) => {
    // Nothing was checked out, so the next checkout starts afresh.
    await failProvision(workspace.id, error);
    return { workspace: await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspace.id } }), provisioned: false, error };
  };
  if (!repoRoot || !worktreePath) return abandon(place.noRepository);
  const outside = outsideAllowedRoot(intended.environment, worktreePath);
  if (outside) return abandon(outside);

  mkdirSync(path.dirname(worktreePath), { recursive: true });
  const existingBranch = await branchExists(repoRoot, branch);
  // A branch left by an earlier, closed workspace of this issue is checked out again rather than recreated.
  const argv = existingBranch ? ["git", "worktree", "add", worktreePath, branch] : ["git", "worktree", "add", "-b", branch, worktreePath, baseRef];
  const prepared = await runToCompletion(ref, {
    phase: "worktree_prepare",
    command: { argv },
    cwd: repoRoot,
    env: gitEnvironment(),
    timeoutMs: 120_000,
    actor,
    runId,
  });
  if (prepared.status === "failed") return abandon(prepared.stderrExcerpt || prepared.error || "git worktree add failed");

  const provisionCommand = (workspace.config as { provisionCommand?: string }).provisionCommand;
  let error: string | null = null;
  if (provisionCommand) {
    const workspaceEnv = commandEnvironment(
      environmentVariables(intended.environment),
      workspaceVariables({ id: workspace.id, cwd: worktreePath, branchName: branch }),
      { PAPERCLIP_TASK_ID: issue.id },
    );
    const provisioned = await runToCompletion(ref, {
      phase: "workspace_provision",
      command: { shell: provisionCommand },
      cwd: worktreePath,
      env: workspaceEnv,
      timeoutMs: 600_000,
      actor,
      runId,
    });
    // The worktree exists, so the workspace stays usable; the failure is on its log and in the checkout response.
    if (provisioned.status === "failed") error = `Provision command failed: ${provisioned.error}`;
  }
  await endFinalizing(workspace.id, error);
  return { workspace: await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspace.id } }), provisioned: true, error };
}

/** The template's branch, or `-2`, `-3`… when an open workspace (say one left in another environment) still has it. */
async function unusedBranchName(branch: string, projectId: string) {
  const taken = new Set(
    (
      await db.executionWorkspace.findMany({
        where: { projectId, status: { not: "archived" }, branchName: { startsWith: branch } },
        select: { branchName: true },
      })
    ).map((row) => row.branchName),
  );
  let candidate = branch;
  for (let suffix = 2; taken.has(candidate); suffix += 1) candidate = `${branch}-${suffix}`;
  return candidate;
}

export type RunPlacement = { cwd: string | null; workspaceId: string | null; conflict: EnvironmentConflict | null };

/**
 * Where a run on this issue works: its execution workspace (provisioned now if the project isolates work and the
 * issue is assigned to the running agent), else the project's primary checkout when isolation is on, else nowhere
 * in particular (the adapter's own cwd). A workspace of another environment is a conflict and no place at all.
 */
export async function workspaceForRun(issueId: string, agentId: string, intended: ResolvedEnvironment, runId: string): Promise<RunPlacement> {
  const nowhere: RunPlacement = { cwd: null, workspaceId: null, conflict: null };
  const issue = await db.issue.findUnique({ where: { id: issueId } });
  if (!issue?.projectId) return nowhere;
  const ensured =
    issue.assigneeAgentId === agentId && !TERMINAL_STATUSES.includes(issue.status as IssueStatus)
      ? await ensureExecutionWorkspace(issue, intended, null, runId)
      : null;
  if (ensured?.conflict) return { cwd: null, workspaceId: ensured.workspace.id, conflict: ensured.conflict };
  const workspace = ensured && ensured.workspace.status !== "archived" ? ensured.workspace : await reusable(issue.executionWorkspaceId);
  if (workspace?.cwd && existsSync(workspace.cwd)) return { cwd: workspace.cwd, workspaceId: workspace.id, conflict: null };
  const project = await db.project.findUnique({ where: { id: issue.projectId }, select: { executionWorkspacePolicy: true } });
  if (!(project?.executionWorkspacePolicy as Policy | null)?.enabled) return nowhere;
  const primary = await baseWorkspace(issue.projectId, project!.executionWorkspacePolicy as Policy);
  return primary?.cwd && existsSync(primary.cwd) ? { cwd: primary.cwd, workspaceId: null, conflict: null } : nowhere;
}
