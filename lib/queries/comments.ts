import { type InfiniteData, type QueryClient, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { invalidateLive } from "./invalidate";
import { invalidateIssue, issuePath } from "./issues";
import { issueKeys } from "./keys";
import type { CreateCommentBody, IssueComment } from "./types";

export const COMMENT_PAGE_SIZE = 50;
/** The API's cap on one page; a live catch-up larger than this (a long disconnect) goes on page by page. */
const CATCH_UP_PAGE_SIZE = 500;
/** Past this many loaded pages a deletion reloads only the newest pages: refetching hundreds of pages one by one costs more than scrolling back. */
const REFETCH_PAGES_ON_DELETE = 4;

/** Infinite query key of an issue's comments, newest page first. NOT under issueKeys.resources(ref): generic issue events must not refetch it. */
export const commentPagesKey = (ref: string) => [...issueKeys.all, "comment-pages", ref] as const;

/** Each page newest first, as the API lists them; the page param is the oldest comment of the page before (undefined: the newest page). */
export type CommentPages = InfiniteData<IssueComment[], string | undefined>;

const commentsPath = (ref: string, search: Record<string, string>) => `${issuePath(ref)}/comments?${new URLSearchParams(search)}`;

/** The path of one page of comments older than `after` (newest first), exactly as the hook and the server prefetch fetch it. */
export const commentPagePath = (ref: string, after: string | undefined) =>
  commentsPath(ref, { order: "desc", limit: String(COMMENT_PAGE_SIZE), ...(after ? { after } : {}) });

/** A full page means older comments may exist; the oldest comment of the page is where the next one starts. */
const olderPageParam = (page: IssueComment[]) => (page.length < COMMENT_PAGE_SIZE ? undefined : page[page.length - 1]?.id);

export function useCommentPages(ref: string) {
  return useInfiniteQuery({
    queryKey: commentPagesKey(ref),
    queryFn: ({ signal, pageParam }) => apiFetch<IssueComment[]>(commentPagePath(ref, pageParam), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: olderPageParam,
  });
}

/** For the issue page's server prefetch (H1a's own page.tsx). */
export function prefetchCommentPages(client: QueryClient, ref: string, fetchJson: <T>(path: string) => Promise<T>): Promise<void> {
  return client.prefetchInfiniteQuery({
    queryKey: commentPagesKey(ref),
    queryFn: ({ pageParam }) => fetchJson<IssueComment[]>(commentPagePath(ref, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: olderPageParam,
  });
}

/** Waits out a fetch of the comment pages in flight (a first load, "load older", a refetch): it writes the pages it read when it lands, so a change made before would be lost. */
async function settled(queryClient: QueryClient, issueId: string) {
  for (;;) {
    const query = queryClient.getQueryCache().find({ queryKey: commentPagesKey(issueId), exact: true });
    if (!query || query.state.fetchStatus !== "fetching" || !query.promise) return query;
    await query.promise.catch(() => undefined);
  }
}

/** Adds comments to the newest page, skipping any already there (a live append and one's own post race for the same comment). */
function withComments(data: CommentPages, comments: IssueComment[]): CommentPages {
  const [newest = [], ...older] = data.pages;
  const known = new Set(newest.map((comment) => comment.id));
  const added = comments.filter((comment) => !known.has(comment.id));
  if (!added.length) return data;
  // Pages hold newest first; added comments are oldest first and newer than everything in the page.
  const byTime = (a: IssueComment, b: IssueComment) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
  const first =
    newest.length && added.every((comment) => byTime(comment, newest[0]) < 0) ? [...added.reverse(), ...newest] : [...added, ...newest].sort(byTime);
  return { ...data, pages: [first, ...older] };
}

/**
 * Comments shown from one's own POST before any catch-up has listed them. A catch-up must not continue from one of
 * them: a comment someone else wrote just before it may not have been fetched yet.
 */
const postedHere = new Set<string>();

/** Live catch-ups in flight per issue: events that arrive meanwhile share one more catch-up after it, instead of fetching the same comments again. */
const catchUps = new Map<string, { again: boolean; done: Promise<void> }>();

/** On issue.comment_added: fetch only comments after the newest cached one (order=asc) and add them; no full refetch. */
export function appendNewComments(queryClient: QueryClient, issueId: string): Promise<void> {
  const running = catchUps.get(issueId);
  if (running) {
    running.again = true;
    return running.done;
  }
  const state = { again: false, done: Promise.resolve() };
  state.done = (async () => {
    try {
      do {
        state.again = false;
        await catchUp(queryClient, issueId);
      } while (state.again);
    } finally {
      catchUps.delete(issueId);
    }
  })();
  catchUps.set(issueId, state);
  return state.done;
}

/** The newest cached comment that a listing returned (not only one's own POST); pages are searched lazily, so this stays O(1) in the thread's length. */
function newestListed(data: CommentPages): IssueComment | undefined {
  for (const page of data.pages) {
    const found = page.find((comment) => !postedHere.has(comment.id));
    if (found) return found;
  }
  return undefined;
}

async function catchUp(queryClient: QueryClient, issueId: string) {
  const query = await settled(queryClient, issueId);
  const data = query?.state.data as CommentPages | undefined;
  // Nobody shows this thread, or it failed to load: whoever opens it loads it fresh.
  if (!query || !data) return;
  const newest = newestListed(data);
  if (!newest) {
    // An empty thread has no cursor to continue from; its first page is small.
    invalidateLive(queryClient, { queryKey: commentPagesKey(issueId), exact: true });
    return;
  }
  const added: IssueComment[] = [];
  let after = newest.id;
  try {
    for (;;) {
      const page = await apiFetch<IssueComment[]>(commentsPath(issueId, { order: "asc", after, limit: String(CATCH_UP_PAGE_SIZE) }));
      added.push(...page);
      if (page.length < CATCH_UP_PAGE_SIZE) break;
      after = page[page.length - 1].id;
    }
  } catch {
    // The cursor comment was deleted meanwhile, or the server is away: the thread reloads (a resync does the same).
    invalidateLive(queryClient, { queryKey: commentPagesKey(issueId), exact: true });
    return;
  }
  for (const comment of added) postedHere.delete(comment.id);
  if (!added.length) return;
  await settled(queryClient, issueId);
  queryClient.setQueryData<CommentPages>(commentPagesKey(issueId), (current) => (current ? withComments(current, added) : current));
}

/** On issue.comment_deleted: drop/refetch what is needed. */
export function refreshComments(queryClient: QueryClient, issueId: string): void {
  const key = commentPagesKey(issueId);
  // The event does not say which comment went: the loaded pages are read again, at most the newest few of them.
  queryClient.setQueryData<CommentPages>(key, (data) =>
    data && data.pages.length > REFETCH_PAGES_ON_DELETE
      ? { pages: data.pages.slice(0, REFETCH_PAGES_ON_DELETE), pageParams: data.pageParams.slice(0, REFETCH_PAGES_ON_DELETE) }
      : data,
  );
  invalidateLive(queryClient, { queryKey: key, exact: true });
}

/** Posts a comment and shows it at once from the POST's answer; the live event's catch-up then finds it already there. */
export function useAddThreadComment(issueId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCommentBody) => apiFetch<IssueComment>(`${issuePath(issueId)}/comments`, { method: "POST", body }),
    onSuccess: async (comment) => {
      // A comment can reopen the issue or supersede interactions; the rest of the page refreshes as for any change.
      invalidateIssue(queryClient, comment.issueId);
      postedHere.add(comment.id);
      await settled(queryClient, issueId);
      queryClient.setQueryData<CommentPages>(commentPagesKey(issueId), (data) => (data ? withComments(data, [comment]) : data));
    },
  });
}
