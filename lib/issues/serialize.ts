import type { Issue } from "../db/generated/client";
import type { EnvironmentConflict } from "../schemas/environments";
import type { ExecutionPolicy, ExecutionState } from "../execution-policy/types";

export function serializeIssue(issue: Issue, extra: { labelIds?: string[] } = {}) {
  return {
    id: issue.id,
    companyId: issue.companyId,
    identifier: issue.identifier,
    issueNumber: issue.number,
    title: issue.title,
    description: issue.description,
    status: issue.status,
    priority: issue.priority,
    assigneeAgentId: issue.assigneeAgentId,
    assigneeUserId: issue.assigneeUserId,
    createdByAgentId: issue.createdByAgentId,
    createdByUserId: issue.createdByUserId,
    parentId: issue.parentId,
    projectId: issue.projectId,
    goalId: issue.goalId,
    billingCode: issue.billingCode,
    workMode: issue.workMode,
    requestDepth: issue.requestDepth,
    hiddenAt: issue.hiddenAt?.toISOString() ?? null,
    inheritExecutionWorkspaceFromIssueId: issue.inheritExecutionWorkspaceFromIssueId,
    executionWorkspaceId: issue.executionWorkspaceId,
    executionWorkspacePreference: issue.executionWorkspacePreference,
    executionWorkspaceSettings: issue.executionWorkspaceSettings,
    workspaceConflict: issue.workspaceConflict as EnvironmentConflict | null,
    checkoutRunId: issue.checkoutRunId,
    executionRunId: issue.executionRunId,
    labelIds: extra.labelIds ?? [],
    startedAt: issue.startedAt?.toISOString() ?? null,
    completedAt: issue.completedAt?.toISOString() ?? null,
    cancelledAt: issue.cancelledAt?.toISOString() ?? null,
    executionPolicy: issue.executionPolicy as ExecutionPolicy | null,
    executionState: issue.executionState as ExecutionState | null,
    workflowState: issue.workflowState,
    phase: issue.phase,
    originKind: issue.originKind,
    originId: issue.originId,
    originRunId: issue.originRunId,
    timeActualMs: Number(issue.timeActualMs),
    stateTimeMs: issue.stateTimeMs as Record<string, number>,
    createdAt: issue.createdAt.toISOString(),
    updatedAt: issue.updatedAt.toISOString(),
  };
}

/** The compact relation shape used for blockedBy / blocks / children. */
export function serializeIssueLink(issue: Pick<Issue, "id" | "identifier" | "title" | "status" | "priority" | "assigneeAgentId" | "assigneeUserId">) {
  return {
    id: issue.id,
    identifier: issue.identifier,
    title: issue.title,
    status: issue.status,
    priority: issue.priority,
    assigneeAgentId: issue.assigneeAgentId,
    assigneeUserId: issue.assigneeUserId,
  };
}

/** A changed issue with what the workflow says about the change: prompts for the caller and any warnings. */
export function serializeIssueChange(change: { issue: Issue; workflowPrompts: unknown[]; warnings?: string[] }) {
  return { ...serializeIssue(change.issue), workflowPrompts: change.workflowPrompts, ...(change.warnings?.length ? { warnings: change.warnings } : {}) };
}
