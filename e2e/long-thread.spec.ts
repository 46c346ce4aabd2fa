import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { bearer, json, setUpBoard } from "./support";

const COMMENTS = 2_000;
/** Comments posted at once while seeding: enough to seed in seconds, few enough for the server's pool. */
const SEEDING_CONCURRENCY = 24;

type Comment = { id: string; body: string; createdAt: string };

const note = (n: number) => `Thread note ${String(n).padStart(4, "0")}`;

/** Posts `count` comments as the board, several at a time. */
async function seedComments(request: APIRequestContext, headers: Record<string, string>, ref: string, count: number) {
  let next = 1;
  const worker = async () => {
    while (next <= count) {
      const n = next++;
      await json(await request.post(`/api/issues/${ref}/comments`, { data: { body: note(n) }, headers }), 201);
    }
  };
  await Promise.all(Array.from({ length: SEEDING_CONCURRENCY }, worker));
}

/** The thread as the API orders it, newest first (posting concurrently does not commit in numbering order). */
async function newestComments(request: APIRequestContext, headers: Record<string, string>, ref: string, limit: number): Promise<Comment[]> {
  return json(await request.get(`/api/issues/${ref}/comments?order=desc&limit=${limit}`, { headers }), 200);
}

type Seeded = { board: Record<string, string>; agent: { name: string }; agentToken: string; companyId: string; identifier: string };
/** Seeded once for both viewports (2,000 comments take a while); each test reads the newest comments itself. */
let seeded: Promise<Seeded> | null = null;

async function longThread(fixtures: { page: Page; context: BrowserContext; request: APIRequestContext; baseURL: string }): Promise<Seeded> {
  seeded ??= (async () => {
    const { board, company, agent, agentToken } = await setUpBoard(fixtures, "Long Thread");
    const issue = await json(
      await fixtures.request.post(`/api/companies/${company.id}/issues`, { data: { title: "A very long discussion" }, headers: board }),
      201,
    );
    await seedComments(fixtures.request, board, issue.identifier, COMMENTS);
    return { board, agent, agentToken, companyId: company.id as string, identifier: issue.identifier as string };
  })().catch((error: unknown) => {
    seeded = null;
    throw error;
  });
  const thread = await seeded;
  await fixtures.context.addCookies([{ name: "sb_company", value: thread.companyId, url: fixtures.baseURL }]);
  return thread;
}

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`a ${COMMENTS}-comment thread at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("opens at its newest comment, takes live comments within a second, loads older pages, and the composer posts", async ({
      page,
      context,
      request,
      baseURL,
    }) => {
      test.setTimeout(360_000);
      const { board, agent, agentToken, identifier } = await longThread({ page, context, request, baseURL: baseURL! });
      const issue = { identifier };
      const [newest] = await newestComments(request, board, issue.identifier, 1);
      // The oldest comment of the second page: shown only once older comments are loaded.
      const older = (await newestComments(request, board, issue.identifier, 80))[79];

      // First paint: the server's HTML already holds the newest comment (prefetched, rendered before any script runs).
      const html = await (await page.request.get(`/issues/${issue.identifier}`)).text();
      // Rendered as the comment's paragraph, not only carried in the hydration data.
      expect(html).toContain(`>${newest.body}</p>`);
      expect(html).not.toContain(older.body);

      await page.goto(`/issues/${issue.identifier}`);
      const thread = page.getByRole("list", { name: "Thread" });
      await expect(thread.getByText(newest.body, { exact: true })).toBeInViewport();
      await expect(page.getByText("Latest 50 comments loaded")).toBeAttached();
      // Virtualised: a few dozen rows in the document, not the thousands in the thread.
      expect(await thread.locator(":scope > li").count()).toBeLessThan(60);

      // A live comment from an agent appears within a second of the POST's answer, without a reload, and the view follows it.
      const live = `Live from the agent ${randomUUID().slice(0, 8)}`;
      await json(
        await request.post(`/api/issues/${issue.identifier}/comments`, {
          data: { body: `**${live}**` },
          headers: { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() },
        }),
        201,
      );
      const liveComment = thread.getByText(live, { exact: true });
      await expect(liveComment).toBeVisible({ timeout: 1_000 });
      await expect(liveComment).toBeInViewport();
      // Markdown, not raw asterisks.
      await expect(liveComment).toHaveJSProperty("tagName", "STRONG");
      await expect(thread.getByRole("listitem").filter({ hasText: live })).toContainText(agent.name);

      // The composer is on screen at the thread's end, and one's own comment shows at once, once.
      const composer = page.getByLabel("Comment", { exact: true });
      await expect(composer).toBeInViewport();
      const mine = `My reply ${randomUUID().slice(0, 8)}`;
      await composer.fill(mine);
      await composer.press("Control+Enter");
      await expect(thread.getByText(mine, { exact: true })).toBeInViewport();
      await expect(composer).toHaveValue("");
      // The live event of one's own comment finds it already there: never shown twice.
      await expect(page.getByText("Latest 52 comments loaded")).toBeAttached();
      await expect(thread.getByText(mine, { exact: true })).toHaveCount(1);

      // Older pages: the button loads the next page, and scrolling up reaches an older comment.
      await page.getByRole("button", { name: "Load older comments" }).click();
      await expect(page.getByText(/Latest (102|152|202) comments loaded/)).toBeAttached();
      const olderComment = thread.getByText(older.body, { exact: true });
      await expect
        .poll(
          async () => {
            if (await olderComment.isVisible()) return true;
            await page.mouse.wheel(0, -800);
            return false;
          },
          { timeout: 30_000, intervals: [100] },
        )
        .toBe(true);
      await expect(olderComment).toBeInViewport();
    });
  });
}
