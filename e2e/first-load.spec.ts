// One fetch per page: a cold load of an issue page (with comments, a document and a finished run) fetches each
// resource at most once, takes the issue and its thread from the server-rendered HTML (no browser fetch of either),
// and opens exactly one live event stream, whose first `ready` refetches nothing.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STORAGE_STATE, json, setUpBoard } from "./support";

const VIEWPORTS = [
  { name: "desktop", width: 1400, height: 900 },
  { name: "mobile", width: 390, height: 844 },
] as const;

type Recorded = { url: string; pathAndQuery: string; type: string };

/** Every request the page makes, and which of them (other than event streams) are still in flight. */
function recordRequests(page: Page, origin: string) {
  const requests: Recorded[] = [];
  const inFlight = new Set<object>();
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin) return;
    requests.push({ url: request.url(), pathAndQuery: url.pathname + url.search, type: request.resourceType() });
    if (request.resourceType() !== "eventsource") inFlight.add(request);
  });
  page.on("requestfinished", (request) => inFlight.delete(request));
  page.on("requestfailed", (request) => inFlight.delete(request));
  return { requests, inFlight };
}

for (const viewport of VIEWPORTS) {
  test.describe(`first load at ${viewport.width}x${viewport.height}`, () => {
    test("an issue page fetches each resource once, its issue and thread only in the HTML, and opens one event stream", async ({
      page,
      context,
      request,
      baseURL,
      browser,
    }) => {
      const { board, company, agent } = await setUpBoard({ page, context, request, baseURL: baseURL! }, `First Load ${viewport.name}`);
      // A process agent that comments from inside its run: the issue gets a real, finished run.
      const cwd = mkdtempSync(path.join(os.tmpdir(), "sb-e2e-first-load-"));
      const adapterConfig = { command: process.execPath, args: [path.resolve("tests/fixtures/agent-process.mjs")], cwd, env: { AGENT_MODE: "api" } };
      await json(
        await request.patch(`/api/agents/${agent.id}`, { data: { adapterType: "process", adapterConfig, replaceAdapterConfig: true }, headers: board }),
        200,
      );
      const issue = await json(
        await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Count the requests", assigneeAgentId: agent.id }, headers: board }),
        201,
      );
      await expect
        .poll(
          async () => (await json(await request.get(`/api/companies/${company.id}/heartbeat-runs?issueId=${issue.id}`, { headers: board }), 200))[0]?.status,
          {
            timeout: 30_000,
          },
        )
        .toBe("succeeded");
      // The board's comments below would wake the agent, and its runs would comment during the cold load; paused,
      // the agent's wakes wait, so the page loads a quiet issue.
      await json(await request.post(`/api/agents/${agent.id}/pause`, { headers: board }), 200);
      for (const body of ["First note from the board", "Second note from the board", "The newest note from the board"]) {
        await json(await request.post(`/api/issues/${issue.id}/comments`, { data: { body }, headers: board }), 201);
      }
      await json(
        await request.put(`/api/issues/${issue.id}/documents/plan`, {
          data: { title: "Plan", format: "markdown", body: "# Plan\n\n- [ ] count\n- [ ] assert" },
          headers: board,
        }),
        201,
      );

      // Cold: a new browser context (empty cache) with the stored session and the company chosen.
      const cold = await browser.newContext({ storageState: ADMIN_STORAGE_STATE, viewport: { width: viewport.width, height: viewport.height } });
      await cold.addCookies([{ name: "sb_company", value: company.id, url: baseURL! }]);
      const coldPage = await cold.newPage();
      // Counts the stream's `ready` events, so the test knows when the app has seen its first connect.
      await coldPage.addInitScript(() => {
        const Original = window.EventSource;
        const counts = { opened: 0, ready: 0 };
        (window as unknown as { __streams: typeof counts }).__streams = counts;
        window.EventSource = class extends Original {
          constructor(url: string | URL, init?: EventSourceInit) {
            super(url, init);
            counts.opened += 1;
            this.addEventListener("ready", () => (counts.ready += 1));
          }
        };
      });
      const origin = new URL(baseURL!).origin;
      const { requests, inFlight } = recordRequests(coldPage, origin);
      try {
        await coldPage.goto(`/issues/${issue.identifier}`);
        await expect(coldPage.getByText("Count the requests").first()).toBeVisible();
        await expect(coldPage.getByText("The newest note from the board").first()).toBeVisible();
        // The first `ready` has arrived and everything it could have started has finished.
        await expect.poll(() => coldPage.evaluate(() => (window as unknown as { __streams: { ready: number } }).__streams.ready)).toBeGreaterThanOrEqual(1);
        await expect.poll(() => inFlight.size).toBe(0);

        const counts = new Map<string, number>();
        for (const { pathAndQuery } of requests) counts.set(pathAndQuery, (counts.get(pathAndQuery) ?? 0) + 1);
        const repeated = [...counts].filter(([, count]) => count > 1);
        expect(repeated, `fetched more than once:\n${repeated.map(([url, count]) => `${count}× ${url}`).join("\n")}`).toEqual([]);

        // The issue and its comments came in the HTML: the browser never asks for them.
        const issuePaths = new Set([`/api/issues/${issue.identifier}`, `/api/issues/${issue.id}`, `/api/issues/${encodeURIComponent(issue.identifier)}`]);
        const issueJson = requests.filter(({ pathAndQuery }) => issuePaths.has(pathAndQuery.split("?")[0]));
        const commentJson = requests.filter(({ pathAndQuery }) => [...issuePaths].some((issuePath) => pathAndQuery.startsWith(`${issuePath}/comments`)));
        expect(issueJson.map(({ pathAndQuery }) => pathAndQuery)).toEqual([]);
        expect(commentJson.map(({ pathAndQuery }) => pathAndQuery)).toEqual([]);

        // Exactly one live stream, for this company.
        const streams = requests.filter(({ type }) => type === "eventsource");
        expect(streams.map(({ pathAndQuery }) => pathAndQuery)).toEqual([`/api/companies/${company.id}/events`]);
        expect(await coldPage.evaluate(() => (window as unknown as { __streams: { opened: number } }).__streams.opened)).toBe(1);

        // The stream still works: a new comment arrives live, fetched as new comments only (not the whole thread).
        const before = requests.length;
        await json(await request.post(`/api/issues/${issue.id}/comments`, { data: { body: "A live note after the first load" }, headers: board }), 201);
        await expect(coldPage.getByText("A live note after the first load").first()).toBeVisible();
        await expect.poll(() => inFlight.size).toBe(0);
        const afterLive = requests.slice(before).map(({ pathAndQuery }) => pathAndQuery);
        const threadRefetches = afterLive.filter((url) => /\/comments(\?|$)/.test(url) && !/[?&]after=/.test(url));
        expect(threadRefetches, `whole-thread refetches after a live comment: ${afterLive.join(", ")}`).toEqual([]);
      } finally {
        await cold.close();
      }
    });
  });
}
