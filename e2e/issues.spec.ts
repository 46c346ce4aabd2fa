import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { bearer, json, setUpBoard, waitForLiveBoard } from "./support";

const statusSelect = (page: Page) => page.getByLabel("Status", { exact: true });
const panel = (page: Page, title: string) => page.locator("section", { has: page.getByRole("heading", { name: title, exact: true }) });

test("an issue created in the dialog shows an agent's checkout and comment live, without a reload", async ({ page, context, request, baseURL }) => {
  const { agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Live Works");

  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Issues" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { name: "No open issues" })).toBeVisible();
  await waitForLiveBoard(page);
  await page.keyboard.press("c");
  const dialog = page.getByRole("dialog", { name: "New issue" });
  await dialog.getByLabel("Title").fill("Wire the scheduler");
  await dialog.getByLabel("Description").fill("First line\n<b>second</b> line");
  await expect(dialog.getByLabel("Priority")).toHaveValue("medium");
  await dialog.getByRole("button", { name: "Create issue" }).click();

  await expect(page).toHaveURL(/\/issues\/[A-Z][A-Z0-9]*-1$/);
  const identifier = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(identifier);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Wire the scheduler");
  // Agent text is plain text: the tag shows as typed and the line break is kept.
  await expect(page.getByText("<b>second</b> line")).toBeVisible();
  await expect(statusSelect(page)).toHaveValue("backlog");
  await expect(page.getByText("No comments yet.")).toBeVisible();

  const runId = randomUUID();
  const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": runId };
  await json(
    await request.post(`/api/issues/${identifier}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["backlog", "todo"] }, headers: asAgent }),
    200,
  );
  await json(await request.post(`/api/issues/${identifier}/comments`, { data: { body: "Picking this up" }, headers: asAgent }), 201);

  await expect(statusSelect(page)).toHaveValue("in_progress");
  const comment = page.getByRole("list", { name: "Thread" }).getByRole("listitem").filter({ hasText: "Picking this up" });
  await expect(comment).toContainText(agent.name);
  await expect(comment).toContainText(`run ${runId.slice(0, 8)}`);
  await expect(page.getByText(`Held by ${agent.name}`)).toBeVisible();
  // The events are folded into the thread as compact rows.
  await expect(page.getByRole("list", { name: "Thread" })).toContainText("checked out the issue");

  await page.getByLabel("Comment").fill("Thanks!");
  await page.getByLabel("Comment").press("Control+Enter");
  await expect(page.getByRole("list", { name: "Thread" }).getByRole("listitem").filter({ hasText: "Thanks!" })).toHaveCount(1);
  await expect(page.getByLabel("Comment")).toHaveValue("");
});

test("starting an issue with an open blocker shows the refusal; a blocker cycle is refused too", async ({ page, context, request, baseURL }) => {
  const { board, company } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Blocker Works");
  const blocker = await json(await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Lay the foundation" }, headers: board }), 201);
  const blocked = await json(await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Build the walls" }, headers: board }), 201);

  // Opened after both exist: an issue created between a page's render and its live stream's connect is not replayed.
  await page.reload();
  // The list: j/k move the focused row, Enter opens it, and the search narrows the rows.
  const rows = page.locator("tr[data-issue]");
  await expect(rows).toHaveCount(2);
  const focused = page.locator("tr[data-issue][aria-current='true']");
  await expect(focused).toHaveCount(0);
  // The rows are in the server's HTML: a key pressed before the page hydrates does nothing, so press until it answers.
  await expect(async () => {
    await page.keyboard.press("j");
    await expect(focused).toHaveCount(1, { timeout: 500 });
  }).toPass();
  // k stops at the first row, wherever the presses above left the focus.
  await page.keyboard.press("k");
  const firstFocused = await focused.getAttribute("data-issue");
  expect(firstFocused).toBe(await rows.first().getAttribute("data-issue"));
  await page.keyboard.press("j");
  await expect(focused).not.toHaveAttribute("data-issue", firstFocused!);
  await page.keyboard.press("k");
  await expect(focused).toHaveAttribute("data-issue", firstFocused!);
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search issues")).toBeFocused();
  await page.keyboard.type("nothing-like-this");
  await expect(page.getByRole("heading", { name: "No issues match" })).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(rows).toHaveCount(2);
  // The list is sorted by priority, then most recently updated: the newer issue comes first.
  await expect(rows.first()).toHaveAttribute("data-issue", blocked.identifier);
  await page.keyboard.press("k");
  await page.keyboard.press("k");
  await expect(focused).toHaveAttribute("data-issue", blocked.identifier);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/issues/${blocked.identifier}$`));

  await page.getByLabel("Add blocker").fill(blocker.identifier);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(panel(page, "Blocked by").getByRole("link", { name: blocker.identifier })).toBeVisible();

  await statusSelect(page).selectOption("in_progress");
  await expect(page.getByText(`Blocked by ${blocker.identifier} (backlog); it cannot start until they are resolved`)).toBeVisible();
  await expect(statusSelect(page)).toHaveValue("backlog");

  await page.goto(`/issues/${blocker.identifier}`);
  await expect(panel(page, "Blocks").getByRole("link", { name: blocked.identifier })).toBeVisible();
  await page.getByLabel("Add blocker").fill(blocked.identifier);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText(/would make a blocker cycle/)).toBeVisible();
});
