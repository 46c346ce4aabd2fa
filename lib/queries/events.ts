import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { invalidateApprovals } from "./approvals";
import { invalidateEnvironments } from "./environments";
import { invalidateLive } from "./invalidate";
import { invalidateAllIssues, invalidateIssue } from "./issues";
import { agentKeys, approvalKeys, issueKeys } from "./keys";
import { runKeys } from "./runs";
import { invalidateWorkspaces } from "./workspaces";

// The server names each message with its type, and EventSource only delivers named events to listeners of that name.
const ISSUE_EVENTS = [
  "issue.created",
  "issue.updated",
  "issue.status_changed",
  "issue.checked_out",
  "issue.released",
  "issue.deleted",
  "issue.comment_added",
  "issue.comment_deleted",
  "issue.document_created",
  "issue.document_updated",
  "issue.document_restored",
  "issue.document_deleted",
  "issue.thread_interaction_created",
  "issue.thread_interaction_accepted",
  "issue.thread_interaction_rejected",
  "issue.thread_interaction_answered",
  "issue.thread_interaction_cancelled",
  "issue.thread_interaction_expired",
  "issue.attachment_added",
] as const;

const RUN_EVENTS = ["heartbeat_run.started", "heartbeat_run.finished"] as const;

const APPROVAL_EVENTS = [
  "approval.created",
  "approval.approved",
  "approval.rejected",
  "approval.revision_requested",
  "approval.resubmitted",
  "approval.comment_added",
  "approval.issue_linked",
  "approval.issue_unlinked",
] as const;

const WORKSPACE_EVENTS = [
  "workspace.created",
  "workspace.updated",
  "workspace.operation_started",
  "workspace.operation_finished",
  "workspace.service_updated",
] as const;

const ENVIRONMENT_EVENTS = ["environment.created", "environment.updated", "environment.deleted"] as const;

type LiveEvent = { companyId: string; type: string; entityType: string; entityId: string; issueId?: string };

/**
 * Keeps the company's issue queries fresh while a page is open: each live event invalidates the keys it affects, so
 * changes made by agents appear without a reload. EventSource reconnects by itself; every (re)connect refreshes all
 * issue queries once, because events sent while the stream was down are gone.
 */
export function useCompanyEvents(companyId: string | null | undefined) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!companyId || typeof EventSource === "undefined") return;
    const source = new EventSource(`/api/companies/${encodeURIComponent(companyId)}/events`);
    const onIssueEvent = (message: MessageEvent<string>) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(message.data) as LiveEvent;
      } catch {
        return;
      }
      const issueId = event.issueId ?? (event.entityType === "issue" ? event.entityId : undefined);
      if (issueId) invalidateIssue(queryClient, issueId);
    };
    const onApprovalEvent = () => invalidateApprovals(queryClient);
    const onWorkspaceEvent = (message: MessageEvent<string>) => {
      invalidateWorkspaces(queryClient);
      // A workspace being created or linked changes which workspace an issue page points at.
      if (message.type === "workspace.created" || message.type === "workspace.updated") invalidateLive(queryClient, { queryKey: issueKeys.details() });
    };
    const onEnvironmentEvent = () => {
      invalidateEnvironments(queryClient);
      // Issue, workspace and run pages name their environment; a rename or delete shows there too.
      invalidateLive(queryClient, { queryKey: issueKeys.details() });
      invalidateWorkspaces(queryClient);
      invalidateLive(queryClient, { queryKey: runKeys.all });
    };
    const onReady = () => {
      // Issue approvals and needs-me are under invalidateAllIssues already; add only the approvals' own queries.
      invalidateAllIssues(queryClient);
      invalidateLive(queryClient, { queryKey: approvalKeys.all });
      invalidateWorkspaces(queryClient);
      invalidateEnvironments(queryClient);
    };
    for (const type of ISSUE_EVENTS) source.addEventListener(type, onIssueEvent);
    for (const type of APPROVAL_EVENTS) source.addEventListener(type, onApprovalEvent);
    for (const type of WORKSPACE_EVENTS) source.addEventListener(type, onWorkspaceEvent);
    for (const type of ENVIRONMENT_EVENTS) source.addEventListener(type, onEnvironmentEvent);
    const onRunEvent = () => {
      invalidateLive(queryClient, { queryKey: runKeys.all });
      invalidateLive(queryClient, { queryKey: agentKeys.all });
    };
    for (const type of RUN_EVENTS) source.addEventListener(type, onRunEvent);
    source.addEventListener("ready", onReady);
    return () => source.close();
  }, [companyId, queryClient]);
}
