import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { requireBoard, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { Prisma, type ExecutionWorkspace, type Issue } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import type { ResolvedEnvironment } from "../environments/resolve";
import { Conflict, Unprocessable } from "../errors";
import { addSystemComment } from "../issues/comments";
import { findIssue, lockIssue } from "../issues/find";
import { getIssueDetail } from "../issues/queries";
import { publishIssueEvent } from "../events/publish";
import { publishWorkspaceEvent } from "../runtime/operations";
import { RULE_LABELS, type EnvironmentConflict, type NamedEnvironment } from "../schemas/environments";

export type { EnvironmentConflict };
import type { ResolveWorkspaceConflictInput } from "../schemas/issues";
import { requestWakeup } from "../wakeups/request";

/** Workspaces made before environments existed ran on this host with nothing added: the instance default. */
export const workspaceEnvironmentId = (workspace: Pick<ExecutionWorkspace, "environmentId">, defaultId: string) => workspace.environmentId ?? defaultId;

/**
 * A run meant for one environment found the issue's workspace provisioned for another. It does not start there; the
 * conflict goes on the workspace, the issue (its thread says so once) and the run, for the board to resolve.
 */
export async function recordEnvironmentConflict(
  workspace: ExecutionWorkspace,
  issue: Issue,
  intended: ResolvedEnvironment,
  workspaceEnvironment: NamedEnvironment,
  runId: string | null,
) {
  const conflict: EnvironmentConflict = {
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    workspaceEnvironment,
    intendedEnvironment: { id: intended.environment.id, name: intended.environment.name },
    rule: intended.rule,
    runId,
    issueId: issue.id,
    identifier: issue.identifier,
    detectedAt: new Date().toISOString(),
  };
  const previous = issue.workspaceConflict as EnvironmentConflict | null;
  const alreadyReported = previous?.workspaceId === conflict.workspaceId && previous.intendedEnvironment?.id === conflict.intendedEnvironment?.id;
  await db.$transaction(async (tx) => {
    const json = conflict as unknown as Prisma.InputJsonObject;
    // Issue before workspace, the order every hold takes, so the two never deadlock.
    await tx.issue.update({ where: { id: issue.id }, data: { workspaceConflict: json } });
    await tx.executionWorkspace.update({ where: { id: workspace.id }, data: { environmentConflict: json } });
    if (runId) await tx.heartbeatRun.updateMany({ where: { id: runId }, data: { environmentConflict: json } });
    if (alreadyReported) return;
    await addSystemComment(tx, issue, conflictMessage(conflict), runId);
    await recordActivity(tx, null, runId, {
      companyId: issue.companyId,
      action: "execution_workspace.environment_conflict",
      entityType: "execution_workspace",
      entityId: workspace.id,
      details: json,
    });
    await publishIssueEvent(tx, issue, "issue.updated");
  });
  await publishWorkspaceEvent({ kind: "execution", id: workspace.id, companyId: workspace.companyId }, "workspace.updated");
  return conflict;
}

export function conflictMessage(conflict: EnvironmentConflict) {
  return (
    `Workspace environment conflict: ${conflict.identifier} is linked to workspace "${conflict.workspaceName}", provisioned for environment ` +
    `"${conflict.workspaceEnvironment?.name ?? "unknown"}", but this run is meant for "${conflict.intendedEnvironment?.name ?? "unknown"}" ` +
    `(${RULE_LABELS[conflict.rule]}). The run did not start there. The board can move the issue to a fresh workspace or set the issue's environment.`
  );
}

/**
 * The board's way out of a conflict: a fresh isolated workspace in the intended environment (the old one stays for
 * whoever else uses it), or the issue pinned to an environment (by default the workspace's). The assignee is woken.
 */
export async function resolveWorkspaceConflict(actor: Actor, ref: string, input: ResolveWorkspaceConflictInput) {
  const resolved = await applyConflictResolution(actor, ref, input);
  return getIssueDetail(actor, resolved.id);
}

async function applyConflictResolution(actor: Actor, ref: string, input: ResolveWorkspaceConflictInput) {
  requireBoard(actor);
  const found = await findIssue(actor, ref);
  const pending = found.workspaceConflict as EnvironmentConflict | null;
  const environmentId = input.resolution === "set_issue_environment" ? (input.environmentId ?? pending?.workspaceEnvironment?.id ?? null) : null;
  if (input.resolution === "set_issue_environment" && !environmentId)
    throw Unprocessable.field("body.environmentId", "The workspace's environment no longer exists; name the environment to use", "environment_required");
  if (environmentId) await requireCompanyReferences(found.companyId, [{ field: "body.environmentId", model: "environment", ids: [environmentId] }]);
  const environmentName = environmentId ? (await db.environment.findUniqueOrThrow({ where: { id: environmentId } })).name : null;
  return db.$transaction(async (tx) => {
    const issue = await lockIssue(tx, actor, ref);
    requireCompanyAccess(actor, issue.companyId, "act");
    const conflict = issue.workspaceConflict as EnvironmentConflict | null;
    if (!conflict) throw new Conflict("This issue has no workspace conflict to resolve", "no_workspace_conflict");
    const settings = (issue.executionWorkspaceSettings ?? {}) as Record<string, unknown>;
    const data: Prisma.IssueUncheckedUpdateInput =
      input.resolution === "fresh_workspace"
        ? { workspaceConflict: Prisma.DbNull, executionWorkspaceId: null, executionWorkspaceSettings: { ...settings, mode: "isolated_workspace" } }
        : { workspaceConflict: Prisma.DbNull, executionWorkspaceSettings: { ...settings, environmentId } };
    const updated = await tx.issue.update({ where: { id: issue.id }, data });
    await clearWorkspaceConflict(tx, conflict);
    const what =
      input.resolution === "fresh_workspace" ? "moved to a fresh workspace; the next run provisions it" : `set to run in environment "${environmentName}"`;
    await addSystemComment(tx, issue, `Workspace conflict resolved by the board: ${issue.identifier} ${what}.`);
    await recordActivity(tx, actor, null, {
      companyId: issue.companyId,
      action: "issue.workspace_conflict_resolved",
      entityType: "issue",
      entityId: issue.id,
      details: { identifier: issue.identifier, resolution: input.resolution, workspaceId: conflict.workspaceId, environmentId },
    });
    if (updated.assigneeAgentId) {
      await requestWakeup(tx, actor, null, {
        companyId: issue.companyId,
        agentId: updated.assigneeAgentId,
        reason: "workspace_conflict_resolved",
        issueId: issue.id,
        payload: { issueId: issue.id, identifier: issue.identifier, resolution: input.resolution },
      });
    }
    await publishIssueEvent(tx, updated, "issue.updated");
    return updated;
  });
}

/** A run found its workspace in its environment after all (fixed some other way): whatever conflict was recorded is over. */
export async function clearSettledConflict(tx: Tx, issue: Issue) {
  const conflict = issue.workspaceConflict as EnvironmentConflict | null;
  if (!conflict) return;
  await tx.issue.update({ where: { id: issue.id }, data: { workspaceConflict: Prisma.DbNull } });
  await clearWorkspaceConflict(tx, conflict);
}

async function clearWorkspaceConflict(tx: Tx, conflict: EnvironmentConflict) {
  await tx.$executeRaw`UPDATE execution_workspaces SET environment_conflict = NULL WHERE id = ${conflict.workspaceId}::uuid AND environment_conflict ->> 'issueId' = ${conflict.issueId}`;
}
