import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { bearer, json, launcherDatabaseUrl, setUpBoard } from "./support";

const COMMENTS = 2_000;

type Comment = { id: string; body: string; createdAt: string };

const note = (n: number) => `Thread note ${String(n).padStart(4, "0")}`;

/**
 * Writes `count` board comments on the issue straight into the launcher's database, each with the activity row the
 * API's addComment records beside it, a second apart so the thread's order is the numbering. Posting 2,000 through
 * the API takes minutes on this machine; the rows are the same ones it would write for an unassigned issue (no wakes).
 */
async function seedComments(issue: { id: string; companyId: string; identifier: string }, userId: string, count: number) {
  const sql = new pg.Client({ connectionString: launcherDatabaseUrl() });
  await sql.connect();
  try {
    await sql.query(
      `WITH c AS (
         INSERT INTO issue_comments (company_id, issue_id, body, author_user_id, created_at, updated_at)
         SELECT $1::uuid, $2::uuid, 'Thread note ' || lpad(g::text, 4, '0'), $3::uuid,
                now() - ($4::int - g) * interval '1 second', now() - ($4::int - g) * interval '1 second'
         FROM generate_series(1, $4::int) AS g
         RETURNING id, created_at
       )
       INSERT INTO activity_log (company_id, actor_type, actor_id, action, entity_type, entity_id, details, created_at)
       SELECT $1::uuid, 'user', $3::text, 'issue.comment_added', 'issue', $2::text,
              jsonb_build_object('identifier', $5::text, 'commentId', c.id, 'mentionedAgentIds', '[]'::jsonb), c.created_at
       FROM c`,
      [issue.companyId, issue.id, userId, count, issue.identifier],
    );
  } finally {
    await sql.end();
  }
}

/** The thread as the API orders it, newest first (posting concurrently does not commit in numbering order). */
async function newestComments(request: APIRequestContext, headers: Record<string, string>, ref: string, limit: number): Promise<Comment[]> {
  return json(await request.get(`/api/issues/${ref}/comments?order=desc&limit=${limit}`, { headers }), 200);
}

type Seeded = { board: Record<string, string>; agent: { name: string }; agentToken: string; companyId: string; identifier: string };
/** Seeded once for both viewports; each test reads the newest comments itself. */
let seeded: Promise<Seeded> | null = null;

async function longThread(fixtures: { page: Page; context: BrowserContext; request: APIRequestContext; baseURL: string }): Promise<Seeded> {
  seeded ??= (async () => {
    const { board, company, agent, agentToken } = await setUpBoard(fixtures, "Long Thread");
    const issue = await json(
      await fixtures.request.post(`/api/companies/${company.id}/issues`, { data: { title: "A very long discussion" }, headers: board }),
      201,
    );
    const me = await json(await fixtures.request.get("/api/me", { headers: board }), 200);
    await seedComments(issue, me.user.id, COMMENTS);
    // The seeded thread is what the API lists: its newest is the last numbered note.
    const [newest] = await newestComments(fixtures.request, board, issue.identifier, 1);
    expect(newest.body).toBe(note(COMMENTS));
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
            // In the viewport, not merely rendered: the virtual list renders a few rows beyond the screen's edges.
            const onScreen =
              (await olderComment.count()) > 0 &&
              (await olderComment.evaluate((node) => {
                const box = node.getBoundingClientRect();
                return box.bottom > 0 && box.top < window.innerHeight;
              }));
            if (onScreen) return true;
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
