// Live issue events update the board's cache without refetching whole lists: a changed row is fetched once and
// patched into every list and page showing it; new comments go to the thread's own catch-up.
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { waitFor } from "@/tests/support/wait";
import { issueKeys } from "./keys";

const threadCalls: string[] = [];
vi.mock("./comments", () => ({
  appendNewComments: async (_client: unknown, issueId: string) => void threadCalls.push(`append ${issueId}`),
  refreshComments: (_client: unknown, issueId: string) => void threadCalls.push(`refresh ${issueId}`),
}));
const { onIssueEvent } = await import("./events");

const COMPANY = "c1";
const issue = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  identifier: `ENG-${id}`,
  title: `Issue ${id}`,
  status: "todo",
  priority: "medium",
  assigneeAgentId: null,
  assigneeUserId: null,
  projectId: null,
  labelIds: [],
  ...fields,
});

let served: Record<string, unknown>;
let fetched: string[];

beforeEach(() => {
  threadCalls.length = 0;
  fetched = [];
  served = {};
  vi.stubGlobal("fetch", async (url: string) => {
    fetched.push(url);
    const body = served[url];
    return body === undefined
      ? new Response(JSON.stringify({ code: "not_found", detail: "Not found" }), { status: 404 })
      : new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  });
});
afterEach(() => vi.unstubAllGlobals());

/** A cache with lists whose queryFn counts the fetches a refetch would make. */
function cacheWith(lists: { filters: Record<string, unknown>; rows: ReturnType<typeof issue>[] }[]) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  const refetches: string[] = [];
  for (const { filters, rows } of lists) {
    const key = issueKeys.list(COMPANY, filters);
    client.setQueryData(key, rows);
    // Subscribed, as a list on screen is, so an invalidation refetches it.
    new QueryObserver(client, {
      queryKey: key,
      queryFn: async () => {
        refetches.push(JSON.stringify(filters));
        return rows;
      },
    }).subscribe(() => undefined);
  }
  return { client, refetches };
}

const rowsOf = (client: QueryClient, filters: Record<string, unknown>) => client.getQueryData<ReturnType<typeof issue>[]>(issueKeys.list(COMPANY, filters));

describe("onIssueEvent", () => {
  it("patches an updated issue into the lists holding it, drops it where it no longer matches, and refetches no list it was in", async () => {
    const { client, refetches } = cacheWith([
      { filters: {}, rows: [issue("1"), issue("2")] },
      { filters: { status: ["todo"] }, rows: [issue("1"), issue("2")] },
      { filters: { status: ["done"] }, rows: [] },
    ]);
    client.setQueryData(issueKeys.detail("ENG-1"), issue("1"));
    served["/api/issues/1"] = issue("1", { title: "Renamed", status: "done", blockedBy: [] });

    onIssueEvent(client, "issue.updated", "1");
    await waitFor(() => rowsOf(client, {})?.[0].title === "Renamed", "the renamed row");

    expect(rowsOf(client, {})?.map((row) => [row.id, row.status])).toEqual([
      ["1", "done"],
      ["2", "todo"],
    ]);
    // List rows keep the list's own fields: nothing the detail adds (blockedBy) leaks into them.
    expect(rowsOf(client, {})?.[0]).not.toHaveProperty("blockedBy");
    expect(rowsOf(client, { status: ["todo"] })?.map((row) => row.id)).toEqual(["2"]);
    // The page showing the issue under its identifier has the fetched issue, with no fetch of its own.
    expect(client.getQueryData<{ title: string }>(issueKeys.detail("ENG-1"))?.title).toBe("Renamed");
    expect(fetched).toEqual(["/api/issues/1"]);
    // Only the list it may have joined goes back to the server.
    await waitFor(() => refetches.length === 1, "the refetch of the list it joined");
    expect(refetches).toEqual([JSON.stringify({ status: ["done"] })]);
  });

  it("fetches a changed issue once for a burst of events about it", async () => {
    const { client } = cacheWith([{ filters: {}, rows: [issue("1")] }]);
    served["/api/issues/1"] = issue("1", { status: "in_progress" });
    onIssueEvent(client, "issue.updated", "1");
    onIssueEvent(client, "issue.status_changed", "1");
    onIssueEvent(client, "issue.checked_out", "1");
    await waitFor(() => fetched.length === 2 && rowsOf(client, {})?.[0].status === "in_progress", "two fetches and the patched row");
    // The first fetch, and one more for everything that arrived while it ran.
    expect(fetched).toEqual(["/api/issues/1", "/api/issues/1"]);
  });

  it("sends every list back to the server when an issue is created or deleted", async () => {
    const { client, refetches } = cacheWith([
      { filters: {}, rows: [issue("1")] },
      { filters: { status: ["todo"] }, rows: [issue("1")] },
    ]);
    onIssueEvent(client, "issue.created", "9");
    await waitFor(() => refetches.length === 2, "both lists refetched");
    expect(fetched).toEqual([]);
  });

  it("hands new and deleted comments to the thread's own updates, leaving lists alone", async () => {
    const { client, refetches } = cacheWith([{ filters: {}, rows: [issue("1")] }]);
    onIssueEvent(client, "issue.comment_added", "1");
    onIssueEvent(client, "issue.comment_deleted", "1");
    expect(threadCalls).toEqual(["append 1", "refresh 1"]);
    expect(refetches).toEqual([]);
    expect(fetched).toEqual([]);
  });
});
