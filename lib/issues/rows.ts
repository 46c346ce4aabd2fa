import type { Issue } from "../db/generated/client";

/** Column list for raw statements that return whole issues. */
export const ISSUE_COLUMNS = `id, company_id, number, identifier, title, description, status, priority, priority_rank, assignee_agent_id,
  assignee_user_id, created_by_agent_id, created_by_user_id, parent_id, project_id, goal_id, billing_code, work_mode, request_depth,
  idempotency_key, hidden_at, inherit_execution_workspace_from_issue_id, execution_workspace_id, execution_workspace_preference,
  execution_workspace_settings, checkout_run_id, execution_run_id, started_at, completed_at,
  cancelled_at, execution_policy, execution_state, workflow_state, phase, time_actual_ms, state_time_ms, state_entered_at, blocking, workspace_conflict, origin_kind, origin_id, origin_run_id,
  last_activity_at, last_activity_actor, previous_actor_activity_at, previous_activity_actor, created_at, updated_at`;

export type IssueRow = {
  id: string;
  company_id: string;
  number: number;
  identifier: string;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  priority_rank: number;
  assignee_agent_id: string | null;
  assignee_user_id: string | null;
  created_by_agent_id: string | null;
  created_by_user_id: string | null;
  parent_id: string | null;
  project_id: string | null;
  goal_id: string | null;
  billing_code: string | null;
  work_mode: string;
  request_depth: number;
  idempotency_key: string | null;
  hidden_at: Date | null;
  inherit_execution_workspace_from_issue_id: string | null;
  execution_workspace_id: string | null;
  execution_workspace_preference: string | null;
  execution_workspace_settings: Issue["executionWorkspaceSettings"];
  checkout_run_id: string | null;
  execution_run_id: string | null;
  started_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  execution_policy: Issue["executionPolicy"];
  execution_state: Issue["executionState"];
  workflow_state: string | null;
  phase: string | null;
  /** BIGINT: node-postgres returns it as a string. */
  time_actual_ms: string;
  state_time_ms: Issue["stateTimeMs"];
  state_entered_at: Date | null;
  blocking: boolean | null;
  workspace_conflict: Issue["workspaceConflict"];
  origin_kind: string;
  origin_id: string | null;
  origin_run_id: string | null;
  last_activity_at: Date | null;
  last_activity_actor: string | null;
  previous_actor_activity_at: Date | null;
  previous_activity_actor: string | null;
  created_at: Date;
  updated_at: Date;
};

/** Maps a raw `ISSUE_COLUMNS` row to the client's Issue shape, for hot paths that skip the query builder. */
export function issueFromRow(row: IssueRow): Issue {
  return {
    id: row.id,
    companyId: row.company_id,
    number: row.number,
    identifier: row.identifier,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    priorityRank: row.priority_rank,
    assigneeAgentId: row.assignee_agent_id,
    assigneeUserId: row.assignee_user_id,
    createdByAgentId: row.created_by_agent_id,
    createdByUserId: row.created_by_user_id,
    parentId: row.parent_id,
    projectId: row.project_id,
    goalId: row.goal_id,
    billingCode: row.billing_code,
    workMode: row.work_mode,
    requestDepth: row.request_depth,
    idempotencyKey: row.idempotency_key,
    hiddenAt: row.hidden_at,
    inheritExecutionWorkspaceFromIssueId: row.inherit_execution_workspace_from_issue_id,
    executionWorkspaceId: row.execution_workspace_id,
    executionWorkspacePreference: row.execution_workspace_preference,
    executionWorkspaceSettings: row.execution_workspace_settings,
    checkoutRunId: row.checkout_run_id,
    executionRunId: row.execution_run_id,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    cancelledAt: row.cancelled_at,
    executionPolicy: row.execution_policy,
    executionState: row.execution_state,
    workflowState: row.workflow_state,
    phase: row.phase,
    timeActualMs: BigInt(row.time_actual_ms),
    stateTimeMs: row.state_time_ms,
    stateEnteredAt: row.state_entered_at,
    blocking: row.blocking,
    workspaceConflict: row.workspace_conflict,
    originKind: row.origin_kind,
    originId: row.origin_id,
    originRunId: row.origin_run_id,
    lastActivityAt: row.last_activity_at,
    lastActivityActor: row.last_activity_actor,
    previousActorActivityAt: row.previous_actor_activity_at,
    previousActivityActor: row.previous_activity_actor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
