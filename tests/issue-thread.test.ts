import { InfiniteQueryObserver, QueryClient } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as issueActivityRoute from "@/app/api/issues/[id]/activity/route";
import * as commentsRoute from "@/app/api/issues/[id]/comments/route";
import { db } from "@/lib/db/client";
import { COMMENT_PAGE_SIZE, type CommentPages, appendNewComments, commentPagesKey, prefetchCommentPages, refreshComments } from "@/lib/queries/comments";
import type { IssueComment } from "@/lib/queries/types";
import { callRoute } from "./support/fixtures";
import { comment, createIssue, issueWorld, patchIssue } from "./support/issues";
import { waitFor } from "./support/wait";

/** Comments written straight to the table, a millisecond apart, oldest first: seeding hundreds through the route would take long. */
async function seedComments(issue: { id: string; companyId: string }, count: number, userId: string) {
  const start = Date.now() - 60 * 60 * 1000;
  await db.issueComment.createMany({
    data: Array.from({ length: count }, (_, index) => ({
      companyId: issue.companyId,
      issueId: issue.id,
      body: `seeded ${index + 1}`,
      authorUserId: userId,
      createdAt: new Date(start + index),
    })),
  });
}

/** The browser's fetch of /api/issues/:id/comments, answered by the real route as the board user (every call counted). */
function routeFetches(token: string) {
  const calls: string[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), "http://localhost");
    calls.push(`${url.pathname}${url.search}`);
    const id = url.pathname.split("/")[3];
    const result = await callRoute(commentsRoute.GET, "GET", url.pathname, { token, params: { id }, query: url.searchParams.toString() });
    return new Response(JSON.stringify(result.json), { status: result.status, headers: { "content-type": "application/json" } });
  });
  return { fetch, calls };
}

const bodies = (pages: readonly IssueComment[][]) => pages.map((page) => page.map((c) => c.body));

describe("the issue thread's data", () => {
  let realFetch: typeof fetch;
  beforeEach(() => {
    realFetch = globalThis.fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it("GET /activity?excludeComments=true leaves out comment entries and keeps the rest; a bad flag is a 400 naming it", async () => {
    const { company, board } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Events" })).json;
    await comment(issue.id, board.token, "one");
    await patchIssue(issue.id, board.token, { status: "todo" });
    await comment(issue.id, board.token, "two");
    const call = (query: string) =>
      callRoute(issueActivityRoute.GET, "GET", `/api/issues/${issue.id}/activity`, { token: board.token, params: { id: issue.id }, query });
    const all = (await call("")).json as { action: string }[];
    expect(all.filter((entry) => entry.action === "issue.comment_added")).toHaveLength(2);
    const events = (await call("excludeComments=true")).json as { action: string }[];
    expect(events.map((entry) => entry.action)).toEqual(all.map((entry) => entry.action).filter((action) => action !== "issue.comment_added"));
    expect(events.map((entry) => entry.action)).toContain("issue.status_changed");
    const refused = await call("excludeComments=yes");
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain("query.excludeComments");
  });

  it("loads the newest page first, pages back by cursor, and appends live comments with one small fetch, each once", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Long" })).json;
    await seedComments(issue, 120, board.user.id);
    const { fetch, calls } = routeFetches(board.token);
    globalThis.fetch = fetch as unknown as typeof globalThis.fetch;

    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    await prefetchCommentPages(client, issue.id, async (path) => (await (await fetch(path)).json()) as never);
    const first = client.getQueryData<CommentPages>(commentPagesKey(issue.id))!;
    expect(first.pages).toHaveLength(1);
    expect(first.pages[0]).toHaveLength(COMMENT_PAGE_SIZE);
    expect(first.pages[0][0].body).toBe("seeded 120");
    expect(calls).toEqual([`/api/issues/${issue.id}/comments?order=desc&limit=${COMMENT_PAGE_SIZE}`]);

    // Two comments land; two events race for them: one catch-up fetch after the newest cached comment, then at most one more.
    const a = (await comment(issue.id, alice.token, "live a", alice.headers)).json;
    const b = (await comment(issue.id, board.token, "live b")).json;
    calls.length = 0;
    await Promise.all([appendNewComments(client, issue.id), appendNewComments(client, issue.id)]);
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(calls[0]).toBe(`/api/issues/${issue.id}/comments?order=asc&after=${first.pages[0][0].id}&limit=500`);
    const after = client.getQueryData<CommentPages>(commentPagesKey(issue.id))!;
    expect(after.pages[0].slice(0, 3).map((c) => c.id)).toEqual([b.id, a.id, first.pages[0][0].id]);
    expect(new Set(after.pages[0].map((c) => c.id)).size).toBe(after.pages[0].length);

    // An empty catch-up leaves the cache as it was.
    await appendNewComments(client, issue.id);
    expect(client.getQueryData(commentPagesKey(issue.id))).toBe(after);

    // A deletion re-reads the loaded pages of a thread on screen: the deleted comment goes, the rest stay.
    const onScreen = new InfiniteQueryObserver(client, {
      queryKey: commentPagesKey(issue.id),
      queryFn: async ({ pageParam }) =>
        (await (await fetch(`/api/issues/${issue.id}/comments?order=desc&limit=50${pageParam ? `&after=${pageParam}` : ""}`)).json()) as IssueComment[],
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page: IssueComment[]) => (page.length < COMMENT_PAGE_SIZE ? undefined : page.at(-1)?.id),
    }).subscribe(() => undefined);
    await db.issueComment.delete({ where: { id: a.id } });
    refreshComments(client, issue.id);
    await waitFor(
      () => client.getQueryData<CommentPages>(commentPagesKey(issue.id))!.pages[0].every((c) => c.id !== a.id),
      "the deleted comment to leave the cache",
    );
    expect(bodies(client.getQueryData<CommentPages>(commentPagesKey(issue.id))!.pages)[0].slice(0, 2)).toEqual(["live b", "seeded 120"]);
    onScreen();
  });
});
