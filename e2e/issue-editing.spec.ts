import { expect, test, type Page } from "@playwright/test";
import { json, setUpBoard } from "./support";

type XssWindow = Window & { xssRan?: string };

const DESCRIPTION = [
  "Rollout plan for the **rate limiter**.",
  "",
  "| Step | Owner | State |",
  "| --- | --- | --- |",
  "| Token bucket | Alice | ~~draft~~ done |",
  "| Per-company limits | Bob | open |",
  "",
  "- [x] Write the limiter",
  "- [ ] Document the limits",
  "",
  "```ts",
  "export const limit: number = 100;",
  "```",
  "",
  `Raw: <script>window.xssRan="script"</script><img src=x onerror="window.xssRan='img'">`,
].join("\n");

const section = (page: Page, title: string) => page.locator("section", { has: page.getByRole("heading", { name: title, exact: true }) });

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`issue page at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("agent markdown renders (table, task list, highlighted code) with raw HTML inert; title and description edit in place", async ({
      page,
      context,
      request,
      baseURL,
    }) => {
      const { board, company } = await setUpBoard({ page, context, request, baseURL: baseURL! }, `Markdown Works ${viewport.width}`);
      const issue = await json(
        await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Ship the rate limiter", description: DESCRIPTION }, headers: board }),
        201,
      );
      await page.goto(`/issues/${issue.identifier}`);

      // Markdown: a real table, task-list boxes the reader cannot tick, code with highlight.js token spans.
      const description = section(page, "Description");
      await expect(description.getByRole("table")).toBeVisible();
      await expect(description.getByRole("columnheader", { name: "Owner" })).toBeVisible();
      await expect(description.getByRole("cell", { name: "Per-company limits" })).toBeVisible();
      await expect(description.locator("del")).toHaveText("draft");
      const boxes = description.getByRole("checkbox");
      await expect(boxes).toHaveCount(2);
      await expect(boxes.nth(0)).toBeChecked();
      await expect(boxes.nth(1)).not.toBeChecked();
      await expect(boxes.nth(0)).toBeDisabled();
      await expect(description.locator("pre code.hljs .hljs-keyword").first()).toHaveText("export");
      await expect(description.locator("pre code.hljs .hljs-number")).toHaveText("100");
      // Raw HTML is the text the agent typed: no script ran, no image element exists.
      await expect(description.getByText(`<script>window.xssRan="script"</script><img src=x onerror="window.xssRan='img'">`)).toBeVisible();
      await expect(description.locator("img, script")).toHaveCount(0);
      expect(await page.evaluate(() => (window as XssWindow).xssRan)).toBeUndefined();

      // Mobile: nothing is cut off and the details sidebar comes after the main column.
      const heading = page.getByRole("heading", { level: 1 });
      await expect(heading).toContainText("Ship the rate limiter");
      expect(await heading.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
      const sidebar = page.getByRole("complementary", { name: "Issue details" });
      const thread = page.getByRole("heading", { name: "Thread", exact: true });
      if (viewport.width < 1024) expect((await sidebar.boundingBox())!.y).toBeGreaterThan((await thread.boundingBox())!.y);
      else expect((await sidebar.boundingBox())!.x).toBeGreaterThan((await thread.boundingBox())!.x);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      // Title: Escape cancels, an empty title is refused inline, Enter saves.
      await page.getByRole("button", { name: "Edit title" }).click();
      const titleInput = page.getByRole("textbox", { name: "Title", exact: true });
      await expect(titleInput).toBeFocused();
      await titleInput.fill("Not this one");
      await titleInput.press("Escape");
      await expect(titleInput).toHaveCount(0);
      await expect(heading).toContainText("Ship the rate limiter");
      await page.getByTestId("issue-title").click();
      await titleInput.fill("   ");
      await titleInput.press("Enter");
      await expect(page.getByText("The title can't be empty.")).toBeVisible();
      await titleInput.fill("Rate limit the public API");
      await titleInput.press("Enter");
      await expect(titleInput).toHaveCount(0);
      await expect(heading).toContainText("Rate limit the public API");

      // Description: Write / Preview tabs, then Save.
      await page.getByRole("button", { name: "Edit description" }).click();
      const editor = page.getByRole("textbox", { name: "Description", exact: true });
      await expect(editor).toHaveValue(DESCRIPTION);
      await editor.fill("## Limits\n\n- [x] 100 requests per minute\n\nSee `lib/limits.ts`.");
      await description.getByRole("tab", { name: "Preview" }).click();
      await expect(description.getByRole("tab", { name: "Preview" })).toHaveAttribute("aria-selected", "true");
      const preview = description.getByRole("tabpanel", { name: "Preview" });
      await expect(preview.getByRole("heading", { name: "Limits" })).toBeVisible();
      await expect(preview.getByRole("checkbox")).toBeChecked();
      await description.getByRole("tab", { name: "Write" }).click();
      await expect(editor).toBeVisible();
      await description.getByRole("button", { name: "Save" }).click();
      await expect(editor).toHaveCount(0);
      await expect(description.getByRole("heading", { name: "Limits" })).toBeVisible();
      await expect(description.getByRole("table")).toHaveCount(0);

      // Both persist, and the activity (folded into the thread) keeps the rename with its old and new text.
      await page.reload();
      await expect(heading).toContainText("Rate limit the public API");
      await expect(section(page, "Description").getByRole("heading", { name: "Limits" })).toBeVisible();
      await expect(page.getByText(/changed title/).first()).toBeVisible();
      const activity = await json(await request.get(`/api/issues/${issue.id}/activity`, { headers: board }), 200);
      expect(
        (activity as { action: string; details: Record<string, unknown> }[]).filter((entry) => entry.action === "issue.updated").map((entry) => entry.details),
      ).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ title: { from: "Ship the rate limiter", to: "Rate limit the public API" } }),
          expect.objectContaining({ description: { from: DESCRIPTION, to: "## Limits\n\n- [x] 100 requests per minute\n\nSee `lib/limits.ts`." } }),
        ]),
      );
      expect(await page.evaluate(() => (window as XssWindow).xssRan)).toBeUndefined();
    });
  });
}
