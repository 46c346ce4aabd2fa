import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { invalidateApprovals } from "./approvals";
import { apiFetch } from "./client";
import { appendNewComments, refreshComments } from "./comments";
import { invalidateEnvironments } from "./environments";
import { invalidateInbox } from "./inbox";
import { invalidateLive } from "./invalidate";
import { invalidateAllIssues, issuePath } from "./issues";
import { agentKeys, approvalKeys, issueKeys, needsMeKeys, projectKeys, wakeupKeys } from "./keys";
import { markKeys } from "./marks";
import { invalidateOnboarding } from "./onboarding";
import { invalidateRoutines } from "./routines";
import { runKeys } from "./runs";
import { thoughtKeys } from "./thoughts";
import { invalidateWorkspaces } from "./workspaces";
import type { Issue, IssueDetail } from "./types";

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
  "issue.thread_interaction_withdrawn",
  "issue.thread_interaction_expired",
  "issue.attachment_added",
] as const;

const RUN_EVENTS = ["heartbeat_run.queued", "heartbeat_run.started", "heartbeat_run.finished"] as const;

/** A new agent, pause, resume, terminate, a budget pause, a hire decided: agent pages, lists and the org chart refetch. */
const AGENT_EVENTS = ["agent.created", "agent.status_changed"] as const;

/** A project created, edited (archived) or deleted: project lists and pages, and the first-run checklist, refetch. */
const PROJECT_EVENTS = ["project.created", "project.updated", "project.deleted"] as const;

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
  "workspace.deleted",
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

/** A routine changed or fired: its list row, its page and its runs refetch. */
const ROUTINE_EVENTS = ["routine.updated", "routine.run_created"] as const;
/** Issue events that can close or drop a routine's open issue (its page and rows show that issue's status). */
const ROUTINE_ISSUE_EVENTS = new Set(["issue.status_changed", "issue.deleted"]);
/** Issue events that can move the first-run checklist (an issue assigned to an agent, one reaching done). */
const ONBOARDING_ISSUE_EVENTS = new Set(["issue.created", "issue.updated", "issue.status_changed", "issue.deleted"]);

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

/** Events that change the issue's own row (title, status, assignee, …): lists get the one issue patched in. */
const ISSUE_ROW_EVENTS = new Set(["issue.updated", "issue.status_changed", "issue.checked_out", "issue.released"]);
/** Events that add or drop a row: where it belongs in a sorted, filtered, paged list is the server's to say. */
const ISSUE_MEMBERSHIP_EVENTS = new Set(["issue.created", "issue.deleted"]);

/** List filters the client can judge by itself; any other filter (search, blockers, …) sends a list back to the server. */
const ROW_FILTERS: Record<string, (issue: Issue, value: unknown) => boolean> = {
  status: (issue, value) => csv(value).includes(issue.status),
  priority: (issue, value) => csv(value).includes(issue.priority),
  assigneeAgentId: (issue, value) => issue.assigneeAgentId === value,
  projectId: (issue, value) => (value === "none" ? issue.projectId === null : issue.projectId === value),
  labelId: (issue, value) => issue.labelIds.includes(String(value)),
};
/** Keys of a list's query key that shape order or paging rather than membership. */
const ORDER_KEYS = new Set(["sort", "direction", "limit"]);

const csv = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : String(value).split(","));

/** Whether `issue` belongs in a list with these filters: true, false, or null when a filter is beyond the client's judgement. */
function matchesFilters(issue: Issue, filters: Record<string, unknown>): boolean | null {
  let known = true;
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === "" || ORDER_KEYS.has(name)) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    const test = ROW_FILTERS[name];
    if (!test) known = false;
    else if (!test(issue, value)) return false;
  }
  return known ? true : null;
}

/** The list's filters: the plain object in its query key (the last one, after the company id). */
function filtersOf(queryKey: readonly unknown[]): Record<string, unknown> {
  const found = [...queryKey].reverse().find((part) => part !== null && typeof part === "object" && !Array.isArray(part));
  return (found as Record<string, unknown> | undefined) ?? {};
}

/** Replaces (or drops) the issue wherever a cached list holds it: plain arrays of issues and paged `{ pages: [{ issues }] }` alike. */
function patchList(data: unknown, issueId: string, replace: (old: Issue) => Issue | null): { data: unknown; found: boolean } {
  let found = false;
  const patchRows = (rows: unknown[]): unknown[] =>
    rows.flatMap((row) => {
      if ((row as { id?: unknown } | null)?.id !== issueId) return [row];
      found = true;
      const next = replace(row as Issue);
      return next ? [next] : [];
    });
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.some((row) => (row as { id?: unknown } | null)?.id !== undefined) ? patchRows(value) : value.map(walk);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  const next = walk(data);
  return { data: found ? next : data, found };
}

/**
 * After an issue's row changed: fetch that one issue once, put it into every cached page showing it and into every
 * list holding it (dropped where it no longer matches the list's filters), and send back to the server only lists it
 * may have joined. Whole lists are not refetched for a change to one row.
 */
async function patchIssueEverywhere(queryClient: QueryClient, issueId: string) {
  const lists = queryClient.getQueryCache().findAll({ queryKey: issueKeys.lists() });
  const details = queryClient.getQueriesData<IssueDetail>({ queryKey: issueKeys.details() }).filter(([, detail]) => detail?.id === issueId);
  if (!lists.length && !details.length) return;
  let fresh: IssueDetail;
  try {
    fresh = await apiFetch<IssueDetail>(issuePath(issueId));
  } catch {
    // Gone or unreachable: let every list and the issue's page ask the server themselves.
    invalidateLive(queryClient, { queryKey: issueKeys.lists() });
    invalidateLive(queryClient, { queryKey: issueKeys.details(), predicate: (query) => (query.state.data as IssueDetail | undefined)?.id === issueId });
    return;
  }
  for (const [key] of details) queryClient.setQueryData(key, fresh);
  for (const query of lists) {
    const filters = filtersOf(query.queryKey);
    const matches = matchesFilters(fresh, filters);
    let moved = false;
    const { data, found } = patchList(query.state.data, issueId, (old) => {
      moved = sortKeyChanged(typeof filters.sort === "string" ? filters.sort : undefined, old, fresh);
      return matches === false
        ? null
        : ({ ...old, ...Object.fromEntries(Object.keys(old).map((name) => [name, (fresh as Record<string, unknown>)[name]])) } as Issue);
    });
    if (found) queryClient.setQueryData(query.queryKey, data);
    // The server places a row that may now match, one whose match the client cannot judge (search, blockers), and one
    // whose sort position changed; everything else is patched in place.
    if (matches !== false && (!found || matches === null || moved)) invalidateLive(queryClient, { queryKey: query.queryKey, exact: true });
  }
}

/** Whether a change moves the row within a list in this order (priority, the default, ties broken by recency). */
function sortKeyChanged(sort: string | undefined, old: Issue, fresh: Issue): boolean {
  if (sort === "updated") return true;
  if (sort === "title") return old.title !== fresh.title;
  if (sort === "created" || sort === "identifier") return false;
  return old.priority !== fresh.priority;
}

/**
 * What one issue event refreshes. Row changes patch the issue into lists and its page (other open issue pages refetch:
 * they show related issues' statuses); new comments are appended to the thread without refetching it; every event
 * refreshes the rest of the issue's page (activity, documents, …), wakeups and Needs me.
 */
function applyIssueEvent(queryClient: QueryClient, type: string, issueId: string, patchRow: (issueId: string) => void) {
  const refs = new Set([issueId]);
  for (const [key, detail] of queryClient.getQueriesData<IssueDetail>({ queryKey: issueKeys.details() })) {
    if (detail?.id === issueId) refs.add(String(key[key.length - 1]));
  }
  if (ISSUE_ROW_EVENTS.has(type)) {
    patchRow(issueId);
    invalidateLive(queryClient, {
      queryKey: issueKeys.details(),
      predicate: (query) => (query.state.data as IssueDetail | undefined)?.id !== issueId && !refs.has(String(query.queryKey.at(-1))),
    });
  } else {
    if (ISSUE_MEMBERSHIP_EVENTS.has(type)) {
      invalidateLive(queryClient, { queryKey: issueKeys.lists() });
      invalidateLive(queryClient, { queryKey: issueKeys.details() });
    } else {
      for (const ref of refs) invalidateLive(queryClient, { queryKey: issueKeys.detail(ref), exact: true });
    }
    if (type === "issue.comment_added") void appendNewComments(queryClient, issueId);
    if (type === "issue.comment_deleted") refreshComments(queryClient, issueId);
  }
  for (const ref of refs) invalidateLive(queryClient, { queryKey: issueKeys.resources(ref) });
  invalidateLive(queryClient, { queryKey: wakeupKeys.all });
  invalidateLive(queryClient, { queryKey: needsMeKeys.all });
  // Any change to an issue may be someone else's activity in my inbox (unread, back from archive).
  invalidateInbox(queryClient);
}

const patchers = new WeakMap<QueryClient, (issueId: string) => void>();

/** What an issue event does to the cache (see applyIssueEvent); one coalescing patcher per cache. */
export function onIssueEvent(queryClient: QueryClient, type: string, issueId: string) {
  let patchRow = patchers.get(queryClient);
  if (!patchRow) {
    patchRow = coalescedPatcher(queryClient);
    patchers.set(queryClient, patchRow);
  }
  applyIssueEvent(queryClient, type, issueId, patchRow);
}

/** One fetch per issue at a time: events arriving while it runs (an update and its status change) share one more fetch after it. */
function coalescedPatcher(queryClient: QueryClient) {
  const running = new Map<string, { again: boolean }>();
  const patch = (issueId: string) => {
    const current = running.get(issueId);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: false };
    running.set(issueId, state);
    void patchIssueEverywhere(queryClient, issueId).finally(() => {
      running.delete(issueId);
      if (state.again) patch(issueId);
    });
  };
  return patch;
}

/** How long to wait before reopening a stream the server refused (a 503 while the database or the server is away). */
const REOPEN_FIRST_MS = 1_000;
const REOPEN_MAX_MS = 30_000;

/**
 * Keeps the company's issue queries fresh while a page is open: each live event invalidates the keys it affects, so
 * changes made by agents appear without a reload. EventSource reconnects by itself after a dropped connection, but
 * gives up for good on an error status, so a refused stream is reopened here with backoff. The first connect refreshes
 * nothing (the page's data was just fetched with it, on the server); every re-connect, and every `resync` (the server's
 * own listener was away), refreshes all live queries once, because events sent in between are gone.
 */
export function useCompanyEvents(companyId: string | null | undefined) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!companyId || typeof EventSource === "undefined") return;
    const onIssueMessage = (message: MessageEvent<string>) => {
      const event = parseEvent(message);
      const issueId = event && eventIssueId(event);
      if (issueId) onIssueEvent(queryClient, message.type, issueId);
      if (ROUTINE_ISSUE_EVENTS.has(message.type)) invalidateRoutines(queryClient);
      if (ONBOARDING_ISSUE_EVENTS.has(message.type)) invalidateOnboarding(queryClient);
    };
    const onRoutineEvent = () => invalidateRoutines(queryClient);
    const onApprovalEvent = () => invalidateApprovals(queryClient);
    const onProjectEvent = () => {
      invalidateLive(queryClient, { queryKey: projectKeys.all });
      invalidateOnboarding(queryClient);
    };
    const onWorkspaceEvent = (message: MessageEvent<string>) => {
      invalidateWorkspaces(queryClient);
      // A workspace being created or linked changes which workspace an issue page points at.
      if (message.type === "workspace.created" || message.type === "workspace.updated") invalidateLive(queryClient, { queryKey: issueKeys.details() });
      // A project's folder coming or going moves the first-run checklist's project step.
      if (message.type === "workspace.created" || message.type === "workspace.updated" || message.type === "workspace.deleted")
        invalidateOnboarding(queryClient);
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
    const onRunEvent = (message: MessageEvent<string>) => {
      invalidateLive(queryClient, { queryKey: runKeys.all });
      invalidateLive(queryClient, { queryKey: agentKeys.all });
      // A finished run, or an agent created or terminated, moves the first-run checklist; a run queued or started cannot.
      if (message.type !== "heartbeat_run.queued" && message.type !== "heartbeat_run.started") invalidateOnboarding(queryClient);
    };
    const refetchEverything = () => {
      // Issue approvals and needs-me are under invalidateAllIssues already; add only the approvals' own queries.
      invalidateAllIssues(queryClient);
      invalidateInbox(queryClient);
      invalidateLive(queryClient, { queryKey: approvalKeys.all });
      invalidateWorkspaces(queryClient);
      invalidateEnvironments(queryClient);
      invalidateLive(queryClient, { queryKey: thoughtKeys.all });
      invalidateLive(queryClient, { queryKey: markKeys.all });
      invalidateRoutines(queryClient);
      invalidateLive(queryClient, { queryKey: runKeys.all });
      invalidateLive(queryClient, { queryKey: agentKeys.all });
      invalidateLive(queryClient, { queryKey: projectKeys.all });
      invalidateOnboarding(queryClient);
    };

    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenDelayMs = REOPEN_FIRST_MS;
    let connectedBefore = false;
    const open = () => {
      const current = new EventSource(`/api/companies/${encodeURIComponent(companyId)}/events`);
      source = current;
      for (const type of ISSUE_EVENTS) current.addEventListener(type, onIssueMessage);
      for (const type of APPROVAL_EVENTS) current.addEventListener(type, onApprovalEvent);
      for (const type of WORKSPACE_EVENTS) current.addEventListener(type, onWorkspaceEvent);
      for (const type of ENVIRONMENT_EVENTS) current.addEventListener(type, onEnvironmentEvent);
      for (const type of RUN_EVENTS) current.addEventListener(type, onRunEvent);
      for (const type of AGENT_EVENTS) current.addEventListener(type, onRunEvent);
      for (const type of PROJECT_EVENTS) current.addEventListener(type, onProjectEvent);
      for (const type of THOUGHT_EVENTS) current.addEventListener(type, onThoughtEvent);
      for (const type of MARK_EVENTS) current.addEventListener(type, onMarkEvent);
      for (const type of ROUTINE_EVENTS) current.addEventListener(type, onRoutineEvent);
      current.addEventListener("ready", () => {
        // Says on the page whether changes arrive live (for tools and end-to-end tests; nothing styles it).
        document.documentElement.dataset.liveStream = "open";
        reopenDelayMs = REOPEN_FIRST_MS;
        if (connectedBefore) refetchEverything();
        connectedBefore = true;
      });
      current.addEventListener("resync", refetchEverything);
      current.addEventListener("error", () => {
        document.documentElement.dataset.liveStream = "reconnecting";
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
      delete document.documentElement.dataset.liveStream;
    };
  }, [companyId, queryClient]);
}
