import { type QueryClient, keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { invalidateLive } from "./invalidate";
import { apiFetch, apiFetchWithHeaders } from "./client";
import { companyRecords } from "./company-records";
import { type IssueFilters, issueKeys, needsMeKeys, wakeupKeys } from "./keys";
import type { serializeHeldAction } from "@/lib/held-actions/read";
import type { ActivityEntry, CreateIssueBody, Issue, IssueDetail, UpdateIssueBody } from "./types";

const issues = companyRecords<Issue, CreateIssueBody, IssueDetail>("issues", { list: issueKeys.companyLists, detail: issueKeys.detail });
export const issuePath = issues.path;
const listPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/issues`;

export const { useOne: useIssue } = issues;

/** The API's query string for `filters` (its parameters keep the filters' names), with a page size and cursor when given. */
export function listSearch(filters: IssueFilters, page: { limit?: number; cursor?: string } = {}): string {
  const params = new URLSearchParams();
  if (filters.status?.length) params.set("status", filters.status.join(","));
  if (filters.priority?.length) params.set("priority", filters.priority.join(","));
  if (filters.assigneeAgentId) params.set("assigneeAgentId", filters.assigneeAgentId);
  if (filters.assigneeUserId) params.set("assigneeUserId", filters.assigneeUserId);
  if (filters.projectId) params.set("projectId", filters.projectId);
  if (filters.labelId) params.set("labelId", filters.labelId);
  if (filters.blocked) params.set("blocked", "true");
  if (filters.q) params.set("q", filters.q);
  if (filters.sort) params.set("sort", filters.sort);
  if (filters.direction) params.set("direction", filters.direction);
  if (page.limit) params.set("limit", String(page.limit));
  if (page.cursor) params.set("cursor", page.cursor);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The first page of a filtered list; enough for short lists such as an agent's inbox. */
export function useIssueList(companyId: string, filters: IssueFilters) {
  return useQuery({
    queryKey: issueKeys.list(companyId, filters),
    queryFn: ({ signal }) => apiFetch<Issue[]>(`${listPath(companyId)}${listSearch(filters)}`, { signal }),
  });
}

/** Rows per page of the issues page: small enough to paint at once, and groups say "50+" while more pages wait. */
export const ISSUE_PAGE_SIZE = 50;

/** One page of the issues page's list, as the infinite query caches it. */
export type IssuePage = { issues: Issue[]; nextCursor: string | null };

/** The URL of one page of the issues page's list: the client hook and the server prefetch both fetch exactly this. */
export const issuePagePath = (companyId: string, filters: IssueFilters, cursor?: string) =>
  `${listPath(companyId)}${listSearch(filters, { limit: ISSUE_PAGE_SIZE, cursor })}`;

/** A filtered list, a page at a time: the next page exists while the server answers with an X-Next-Cursor header. */
export function useIssuePages(companyId: string, filters: IssueFilters) {
  return useInfiniteQuery({
    queryKey: issueKeys.pages(companyId, filters),
    queryFn: async ({ signal, pageParam }): Promise<IssuePage> => {
      const { data, headers } = await apiFetchWithHeaders<Issue[]>(issuePagePath(companyId, filters, pageParam), { signal });
      return { issues: data, nextCursor: headers.get("x-next-cursor") };
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    select: (data) => data.pages.flatMap((page) => page.issues),
    // While a filter or the search changes, keep showing the last rows instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });
}

/** The path useIssueActivity fetches, shared with the issue page's server prefetch. */
export const issueActivityPath = (ref: string) => `${issuePath(ref)}/activity?excludeComments=true`;

/** The issue's events besides comments (the thread shows the comments themselves), oldest first. */
export function useIssueActivity(ref: string) {
  return useQuery({
    queryKey: issueKeys.activity(ref),
    queryFn: ({ signal }) => apiFetch<ActivityEntry[]>(issueActivityPath(ref), { signal }),
  });
}

/**
 * Refreshes what one issue's change can show up in: every issue list, every open issue page (they list related issues
 * with their statuses), everything on this issue's page (thread, documents, activity, …), and wakeups (changes wake agents). Only queries on screen refetch.
 */
export function invalidateIssue(queryClient: QueryClient, issueId: string) {
  invalidateLive(queryClient, { queryKey: issueKeys.lists() });
  invalidateLive(queryClient, { queryKey: issueKeys.details() });
  invalidateLive(queryClient, { queryKey: wakeupKeys.all });
  // Issue pages are keyed by the identifier in their URL; find the ones showing this issue.
  const refs = new Set([issueId]);
  for (const [key, detail] of queryClient.getQueriesData<IssueDetail>({ queryKey: issueKeys.details() })) {
    if (detail?.id === issueId) refs.add(String(key[key.length - 1]));
  }
  for (const ref of refs) invalidateLive(queryClient, { queryKey: issueKeys.resources(ref) });
  invalidateLive(queryClient, { queryKey: needsMeKeys.all });
}

/** Everything an issue query shows, after a reconnect that may have missed events. */
export function invalidateAllIssues(queryClient: QueryClient) {
  invalidateLive(queryClient, { queryKey: issueKeys.all });
  invalidateLive(queryClient, { queryKey: wakeupKeys.all });
  invalidateLive(queryClient, { queryKey: needsMeKeys.all });
}

/** A mutation of issues whose result names the issue it changed. */
export function useIssueMutation<TVariables, TResult extends { id: string } | { issueId: string }>(mutationFn: (variables: TVariables) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result) => invalidateIssue(queryClient, "issueId" in result ? result.issueId : result.id),
  });
}

export function useCreateIssue(companyId: string) {
  return useIssueMutation((body: CreateIssueBody) => apiFetch<Issue>(listPath(companyId), { method: "POST", body }));
}

/** Something that waits for a workspace to finish provisioning or closing, and is applied once it has. */
export type HeldAction = ReturnType<typeof serializeHeldAction>;

/** A 202 answer: the request was taken but waits for the issue's workspace to settle. */
export type Held<T> = { status: "pending"; reason: "workspace_finalizing"; heldAction: HeldAction } & T;

/** Tells a 202 "held" answer from the record itself (an interaction has a `status` of "pending" too, but no held action). */
export function isHeld<R extends object>(result: R): result is Extract<R, { heldAction: HeldAction }> {
  return "heldAction" in result && (result as { reason?: unknown }).reason === "workspace_finalizing";
}

/** What a PATCH did: the issue as saved, or (202) a held action when approving a stage waits for a workspace to settle. */
export type IssueUpdate = { issueId: string; issue: Issue; held: HeldAction | null };

export function useUpdateIssue(ref: string) {
  return useIssueMutation(async (body: UpdateIssueBody): Promise<IssueUpdate> => {
    const result = await apiFetch<Issue | Held<{ issue: Issue }>>(issuePath(ref), { method: "PATCH", body });
    return isHeld(result) ? { issueId: result.issue.id, issue: result.issue, held: result.heldAction } : { issueId: result.id, issue: result, held: null };
  });
}

/** How many PATCHes a bulk edit keeps in flight: quick for a page of issues without crowding the server. */
const BULK_CONCURRENCY = 4;

export type BulkUpdate = { issue: Issue; body: UpdateIssueBody };
export type BulkResult = { updated: Issue[]; failed: { issue: Issue; error: unknown }[] };

/**
 * Applies one PATCH per issue, a few at a time, reporting each finished request through `onProgress`; a failure is
 * collected with its issue rather than stopping the rest. Lists and issue pages are refreshed once, at the end.
 */
export function useBulkUpdateIssues() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ updates, onProgress }: { updates: BulkUpdate[]; onProgress?: (done: number, total: number) => void }): Promise<BulkResult> => {
      const result: BulkResult = { updated: [], failed: [] };
      let next = 0;
      let done = 0;
      const worker = async () => {
        while (next < updates.length) {
          const { issue, body } = updates[next++];
          try {
            const saved = await apiFetch<Issue | Held<{ issue: Issue }>>(issuePath(issue.id), { method: "PATCH", body });
            result.updated.push(isHeld(saved) ? saved.issue : saved);
          } catch (error) {
            result.failed.push({ issue, error });
          }
          onProgress?.(++done, updates.length);
        }
      };
      await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, updates.length) }, worker));
      return result;
    },
    onSettled: () => {
      invalidateLive(queryClient, { queryKey: issueKeys.lists() });
      invalidateLive(queryClient, { queryKey: issueKeys.details() });
      invalidateLive(queryClient, { queryKey: needsMeKeys.all });
    },
  });
}

export type WorkspaceConflictResolution = { resolution: "fresh_workspace" } | { resolution: "set_issue_environment"; environmentId?: string };

/** The board's answer to a workspace conflict: a fresh workspace in the intended environment, or keep the workspace's. */
export function useResolveWorkspaceConflict(ref: string) {
  return useIssueMutation((body: WorkspaceConflictResolution) =>
    apiFetch<IssueDetail>(`${issuePath(ref)}/workspace-conflict/resolve`, { method: "POST", body }),
  );
}

export function useReleaseIssue(ref: string) {
  return useIssueMutation(() => apiFetch<Issue>(`${issuePath(ref)}/release`, { method: "POST" }));
}

/** Reads an issue by identifier (or UUID) through the cache, e.g. to turn a typed ENG-12 into the id a blocker list needs. */
export function useFetchIssue() {
  const queryClient = useQueryClient();
  return (ref: string) =>
    queryClient.fetchQuery({ queryKey: issueKeys.detail(ref), queryFn: ({ signal }) => apiFetch<IssueDetail>(issuePath(ref), { signal }) });
}
