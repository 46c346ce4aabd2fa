import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { invalidateApprovals } from "./approvals";
import { invalidateEnvironments } from "./environments";
import { invalidateLive } from "./invalidate";
import { invalidateAllIssues, invalidateIssue } from "./issues";
import { agentKeys, approvalKeys, issueKeys } from "./keys";
import { markKeys } from "./marks";
import { runKeys } from "./runs";
import { thoughtKeys } from "./thoughts";
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

const RUN_EVENTS = ["heartbeat_run.queued", "heartbeat_run.started", "heartbeat_run.finished"] as const;

/** Pause, resume, terminate, a budget pause, a hire decided: agent pages, lists and the org chart refetch. */
const AGENT_EVENTS = ["agent.status_changed"] as const;

const APPROVAL_EVENTS = [
  "approval.created",
  "approval.approved",
  "approval.rejected",
  "approval.revision_requested",
  "approval.resubmitted",
  "approval.comment_added",
  "approval.issue_linked",
  "approval.issue_unlinked",
  "approval.cancelled",
] as const;

const WORKSPACE_EVENTS = [
  "workspace.created",
  "workspace.updated",
  "workspace.operation_started",
  "workspace.operation_finished",
  "workspace.service_updated",
] as const;

const ENVIRONMENT_EVENTS = ["environment.created", "environment.updated", "environment.deleted"] as const;

/** An agent's current thought (agent page), its issue's Live panel and the run's thought history. */
const THOUGHT_EVENTS = ["agent.thought"] as const;

/** Marks placed or released: the issue's "Files being edited" and every company-wide list (workspace pages). */
const MARK_EVENTS = ["file_marks.changed"] as const;

type LiveEvent = { companyId: string; type: string; entityType: string; entityId: string; issueId?: string };

function parseEvent(message: MessageEvent<string>): LiveEvent | null {
  try {
    return JSON.parse(message.data) as LiveEvent;
  } catch {
    return null;
  }
}

/** The issue an event is about: named, or the entity itself when that is an issue. */
const eventIssueId = (event: LiveEvent) => event.issueId ?? (event.entityType === "issue" ? event.entityId : undefined);

/** How long to wait before reopening a stream the server refused (a 503 while the database or the server is away). */
const REOPEN_FIRST_MS = 1_000;
const REOPEN_MAX_MS = 30_000;

/**
 * Keeps the company's issue queries fresh while a page is open: each live event invalidates the keys it affects, so
 * changes made by agents appear without a reload. EventSource reconnects by itself after a dropped connection, but
 * gives up for good on an error status, so a refused stream is reopened here with backoff. Every (re)connect, and
 * every `resync` (the server's own listener was away), refreshes all live queries once, because events sent in
 * between are gone.
 */
export function useCompanyEvents(companyId: string | null | undefined) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!companyId || typeof EventSource === "undefined") return;
    const onIssueEvent = (message: MessageEvent<string>) => {
      const event = parseEvent(message);
      const issueId = event && eventIssueId(event);
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
    const onThoughtEvent = (message: MessageEvent<string>) => {
      const event = parseEvent(message);
      if (!event) return;
      invalidateLive(queryClient, { queryKey: thoughtKeys.agent(event.entityId) });
      if (event.issueId) invalidateLive(queryClient, { queryKey: thoughtKeys.issue(event.issueId) });
      invalidateLive(queryClient, { queryKey: thoughtKeys.runs() });
    };
    const onMarkEvent = (message: MessageEvent<string>) => {
      const event = parseEvent(message);
      if (!event) return;
      // The server sends one event per issue whose marks changed; one naming no issue is about marks tied to none.
      const issueId = eventIssueId(event);
      if (issueId) invalidateLive(queryClient, { queryKey: markKeys.issue(issueId) });
      invalidateLive(queryClient, { queryKey: markKeys.companyLists() });
    };
    const onRunEvent = () => {
      invalidateLive(queryClient, { queryKey: runKeys.all });
      invalidateLive(queryClient, { queryKey: agentKeys.all });
    };
    const refetchEverything = () => {
      // Issue approvals and needs-me are under invalidateAllIssues already; add only the approvals' own queries.
      invalidateAllIssues(queryClient);
      invalidateLive(queryClient, { queryKey: approvalKeys.all });
      invalidateWorkspaces(queryClient);
      invalidateEnvironments(queryClient);
      invalidateLive(queryClient, { queryKey: thoughtKeys.all });
      invalidateLive(queryClient, { queryKey: markKeys.all });
      onRunEvent();
    };

    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenDelayMs = REOPEN_FIRST_MS;
    const open = () => {
      const current = new EventSource(`/api/companies/${encodeURIComponent(companyId)}/events`);
      source = current;
      for (const type of ISSUE_EVENTS) current.addEventListener(type, onIssueEvent);
      for (const type of APPROVAL_EVENTS) current.addEventListener(type, onApprovalEvent);
      for (const type of WORKSPACE_EVENTS) current.addEventListener(type, onWorkspaceEvent);
      for (const type of ENVIRONMENT_EVENTS) current.addEventListener(type, onEnvironmentEvent);
      for (const type of RUN_EVENTS) current.addEventListener(type, onRunEvent);
      for (const type of AGENT_EVENTS) current.addEventListener(type, onRunEvent);
      for (const type of THOUGHT_EVENTS) current.addEventListener(type, onThoughtEvent);
      for (const type of MARK_EVENTS) current.addEventListener(type, onMarkEvent);
      current.addEventListener("ready", () => {
        reopenDelayMs = REOPEN_FIRST_MS;
        refetchEverything();
      });
      current.addEventListener("resync", refetchEverything);
      current.addEventListener("error", () => {
        // CONNECTING means EventSource is retrying by itself; CLOSED means it never will.
        if (current.readyState !== EventSource.CLOSED) return;
        current.close();
        reopenTimer = setTimeout(open, reopenDelayMs);
        reopenDelayMs = Math.min(reopenDelayMs * 2, REOPEN_MAX_MS);
      });
    };
    open();
    return () => {
      clearTimeout(reopenTimer);
      source?.close();
    };
  }, [companyId, queryClient]);
}
