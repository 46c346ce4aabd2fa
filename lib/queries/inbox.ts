import { type QueryClient, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { InboxTab } from "../schemas/values";
import { apiFetch } from "./client";
import { invalidateLive } from "./invalidate";
import { issuePath } from "./issues";

export type InboxReason = "assigned" | "created" | "commented" | "mentioned" | "awaiting_decision";

export type InboxItem = {
  issue: { id: string; identifier: string; title: string; status: string; priority: string; assigneeAgentId: string | null; assigneeUserId: string | null };
  reasons: InboxReason[];
  isUnread: boolean;
  isArchived: boolean;
  lastReadAt: string | null;
  archivedAt: string | null;
  lastActivityAt: string | null;
  lastActivity: { at: string; action: string | null; actor: { type: string; id: string | null; name: string | null } } | null;
};

export type InboxPage = { counts: { unread: number }; items: InboxItem[]; nextCursor: string | null };

export const INBOX_PAGE_SIZE = 50;

export const inboxKeys = {
  all: ["inbox"] as const,
  company: (companyId: string) => [...inboxKeys.all, companyId] as const,
  tab: (companyId: string, tab: InboxTab) => [...inboxKeys.company(companyId), tab] as const,
};

/** One page of a tab, exactly as the hook and the server prefetch fetch it. */
export const inboxPagePath = (companyId: string, tab: InboxTab, cursor: string | undefined) =>
  `/api/companies/${encodeURIComponent(companyId)}/inbox?${new URLSearchParams({ tab, limit: String(INBOX_PAGE_SIZE), ...(cursor ? { cursor } : {}) })}`;

const inboxQuery = (companyId: string, tab: InboxTab) => ({
  queryKey: inboxKeys.tab(companyId, tab),
  queryFn: ({ signal, pageParam }: { signal: AbortSignal; pageParam: string | undefined }) =>
    apiFetch<InboxPage>(inboxPagePath(companyId, tab, pageParam), { signal }),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (page: InboxPage) => page.nextCursor ?? undefined,
});

/** A tab of my inbox, page by page; live events and my own reads refresh it. */
export function useInbox(companyId: string | null, tab: InboxTab) {
  return useInfiniteQuery({ ...inboxQuery(companyId ?? "none", tab), enabled: Boolean(companyId) });
}

/** The sidebar badge: the unread tab's first page carries the count, so the Inbox page's default tab shares the fetch. */
export function useInboxUnreadCount(companyId: string | null): number | undefined {
  return useInbox(companyId, "unread").data?.pages[0]?.counts.unread;
}

/** For the Inbox page's server prefetch. */
export function prefetchInbox(client: QueryClient, companyId: string, tab: InboxTab, fetchJson: <T>(path: string) => Promise<T>) {
  return client.prefetchInfiniteQuery({
    ...inboxQuery(companyId, tab),
    queryFn: ({ pageParam }) => fetchJson<InboxPage>(inboxPagePath(companyId, tab, pageParam)),
  });
}

export function invalidateInbox(queryClient: QueryClient) {
  invalidateLive(queryClient, { queryKey: inboxKeys.all });
}

type InboxAction = "read" | "unread" | "archive" | "unarchive";
const ACTION_REQUEST: Record<InboxAction, { path: string; method: "POST" | "DELETE" }> = {
  read: { path: "read", method: "POST" },
  unread: { path: "read", method: "DELETE" },
  archive: { path: "inbox-archive", method: "POST" },
  unarchive: { path: "inbox-archive", method: "DELETE" },
};

/** Read / unread / archive / unarchive one issue for me; every inbox tab and the badge refresh after. */
export function useInboxAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ issueId, action }: { issueId: string; action: InboxAction }) =>
      apiFetch<unknown>(`${issuePath(issueId)}/${ACTION_REQUEST[action].path}`, { method: ACTION_REQUEST[action].method }),
    onSettled: () => invalidateInbox(queryClient),
  });
}
