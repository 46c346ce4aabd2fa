import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { json, setUpBoard } from "./support";

type Seeded = { identifier: string; title: string };

const LONG_TITLE = "Alpha: wire the scheduler into the release train so nightly builds stop colliding";

/** Twelve issues over statuses, priorities, two projects and two labels; two of them closed. */
async function seed(request: APIRequestContext, headers: Record<string, string>, companyId: string) {
  const project = async (name: string) => json(await request.post(`/api/companies/${companyId}/projects`, { data: { name }, headers }), 201);
  const label = async (name: string, color: string) => json(await request.post(`/api/companies/${companyId}/labels`, { data: { name, color }, headers }), 201);
  const [apollo, borealis] = [await project("Apollo"), await project("Borealis")];
  const [bug, ui] = [await label("bug", "#ef4444"), await label("ui", "#3b82f6")];
  const specs: [string, string, string, string | null, string[]][] = [
    [LONG_TITLE, "todo", "high", apollo.id, [bug.id]],
    ["Bravo", "in_progress", "critical", apollo.id, []],
    ["Charlie", "in_progress", "medium", borealis.id, [bug.id, ui.id]],
    ["Delta", "backlog", "low", null, []],
    ["Echo", "todo", "medium", borealis.id, [ui.id]],
    ["Foxtrot", "in_review", "high", apollo.id, []],
    ["Golf", "blocked", "medium", null, []],
    ["Hotel", "done", "medium", apollo.id, []],
    ["India", "cancelled", "low", null, []],
    ["Juliet", "todo", "critical", borealis.id, []],
    ["Kilo", "backlog", "medium", apollo.id, [bug.id]],
    ["Lima", "todo", "low", null, []],
  ];
  const issues: Record<string, Seeded> = {};
  for (const [title, status, priority, projectId, labelIds] of specs) {
    const data = { title, status, priority, labelIds, ...(projectId ? { projectId } : {}) };
    const issue = await json(await request.post(`/api/companies/${companyId}/issues`, { data, headers }), 201);
    issues[title.split(":")[0]] = { identifier: issue.identifier, title };
  }
  return { issues, apollo, bug };
}

const rows = (page: Page) => page.locator("tr[data-issue]");
const row = (page: Page, issue: Seeded) => page.locator(`tr[data-issue="${issue.identifier}"]`);
const group = (page: Page, key: string) => page.locator(`tbody[data-group="${key}"]`);
const pill = (page: Page, groupName: string, name: string) => page.getByRole("group", { name: groupName }).getByRole("button", { name, exact: true });

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  const desktop = viewport.width >= 768;
  test.describe(`issue list at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test("groups by status, sorts and filters through the URL, restores it, bulk-edits and saves views", async ({ page, context, request, baseURL }) => {
      const { board, company } = await setUpBoard({ page, context, request, baseURL: baseURL! }, `List Works ${viewport.width}`);
      const { issues, apollo } = await seed(request, board, company.id);
      await page.goto("/issues");

      // Grouped by status, work in motion first; done and cancelled hidden until asked for.
      await expect(rows(page)).toHaveCount(10);
      const groupKeys = await page.locator("tbody[data-group]").evaluateAll((groups) => groups.map((element) => element.getAttribute("data-group")));
      expect(groupKeys).toEqual(["in_progress", "in_review", "blocked", "todo", "backlog"]);
      await expect(group(page, "todo").getByRole("button", { expanded: true })).toContainText("4");
      await expect(row(page, issues.Hotel)).toHaveCount(0);
      // Titles are whole (a card wraps them at 390 px), with project and label columns.
      await expect(page.getByRole("link", { name: LONG_TITLE })).toBeVisible();
      await expect(row(page, issues.Alpha)).toContainText("Apollo");
      await expect(row(page, issues.Alpha)).toContainText("bug");

      await pill(page, "Status", "Show closed").click();
      await expect(page).toHaveURL(/[?&]closed=true/);
      await expect(rows(page)).toHaveCount(12);
      await expect(row(page, issues.Hotel)).toBeVisible();
      await pill(page, "Status", "Show closed").click();
      await expect(rows(page)).toHaveCount(10);

      // A collapsed group stays collapsed after a reload.
      await group(page, "todo").getByRole("button", { expanded: true }).click();
      await expect(group(page, "todo").locator("tr[data-issue]")).toHaveCount(0);
      await page.reload();
      await expect(group(page, "todo").getByRole("button", { expanded: false })).toBeVisible();
      await expect(rows(page)).toHaveCount(6);
      await group(page, "todo").getByRole("button", { expanded: false }).click();
      await expect(rows(page)).toHaveCount(10);

      // Sort by title without groups: A→Z, then Z→A.
      await page.getByLabel("Group", { exact: true }).selectOption("none");
      await page.getByLabel("Sort", { exact: true }).selectOption("title");
      await expect(page).toHaveURL(/sort=title/);
      await expect(page).toHaveURL(/group=none/);
      await expect(rows(page).first()).toContainText("Alpha");
      await expect(rows(page)).toContainText(["Alpha", "Bravo", "Charlie", "Delta", "Echo"]);
      await page.getByRole("button", { name: /switch to descending/ }).click();
      await expect(page).toHaveURL(/direction=desc/);
      await expect(rows(page).first()).toContainText("Lima");

      // Filters: priority, project and label narrow the rows and land in the URL.
      await pill(page, "Priority", "High").click();
      await expect(page).toHaveURL(/priority=high/);
      await expect(rows(page)).toHaveCount(2);
      await page.getByLabel("Project", { exact: true }).selectOption(apollo.id);
      await expect(page).toHaveURL(new RegExp(`projectId=${apollo.id}`));
      await expect(rows(page)).toHaveCount(2);
      await page.getByLabel("Label", { exact: true }).selectOption({ label: "bug" });
      await expect(page).toHaveURL(/labelId=/);
      await expect(rows(page)).toHaveCount(1);
      await expect(row(page, issues.Alpha)).toBeVisible();

      // The URL alone brings the same view back in a fresh page.
      const shared = page.url();
      const fresh = await context.newPage();
      await fresh.goto(shared);
      await expect(rows(fresh)).toHaveCount(1);
      await expect(row(fresh, issues.Alpha)).toBeVisible();
      await expect(pill(fresh, "Priority", "High")).toHaveAttribute("aria-pressed", "true");
      await expect(fresh.getByLabel("Sort", { exact: true })).toHaveValue("title");
      await expect(fresh.getByLabel("Project", { exact: true })).toHaveValue(apollo.id);
      await fresh.close();

      // Saved as a view, cleared, then applied again from the menu.
      await page.getByRole("button", { name: "Views", exact: true }).click();
      await page.getByRole("button", { name: "Save current view…" }).click();
      const saveDialog = page.getByRole("dialog", { name: "Save view" });
      await saveDialog.getByLabel("Name").fill("High Apollo bugs");
      await saveDialog.getByRole("button", { name: "Save view" }).click();
      await expect(saveDialog).toBeHidden();
      await expect(page.getByRole("button", { name: "View: High Apollo bugs" })).toBeVisible();

      await pill(page, "Priority", "Low").click();
      await pill(page, "Priority", "High").click();
      await expect(page).toHaveURL(/priority=low/);
      await expect(page.getByRole("heading", { name: "No issues match" })).toBeVisible();
      await expect(page.getByText(/priority Low, project Apollo and label bug among open issues/)).toBeVisible();
      await page.getByRole("button", { name: "Clear filters" }).last().click();
      await expect(rows(page)).toHaveCount(10);
      await expect(page).not.toHaveURL(/priority=/);

      await page.getByRole("button", { name: "Views", exact: true }).click();
      await page.getByRole("list", { name: "Saved views" }).getByRole("button", { name: "High Apollo bugs", exact: true }).click();
      await expect(rows(page)).toHaveCount(1);
      await expect(page).toHaveURL(/priority=high/);

      // "No project" and search.
      await page.goto("/issues?projectId=none");
      await expect(rows(page)).toHaveCount(3);
      await page.getByLabel("Search issues").fill("Lima");
      await expect(page).toHaveURL(/q=Lima/);
      await expect(rows(page)).toHaveCount(1);

      // Bulk edit three issues: status, then priority, on the same selection.
      await page.goto("/issues");
      await expect(rows(page)).toHaveCount(10);
      for (const issue of [issues.Delta, issues.Kilo, issues.Lima])
        await page.getByRole("checkbox", { name: `Select ${issue.identifier}`, exact: true }).check();
      const bar = page.getByRole("region", { name: "Bulk edit" });
      await expect(bar).toContainText("3 selected");
      await bar.getByRole("combobox", { name: "Status" }).selectOption("in_review");
      await expect(bar).toContainText("Updated 3 issues.");
      await expect(bar).toContainText("3 selected");
      await bar.getByRole("combobox", { name: "Priority" }).selectOption("critical");
      await expect(bar.getByText("Updated 3 issues.")).toBeVisible();
      await page.reload();
      for (const issue of [issues.Delta, issues.Kilo, issues.Lima]) {
        await expect(group(page, "in_review").locator(`tr[data-issue="${issue.identifier}"]`)).toContainText("Critical");
      }
      await expect(group(page, "in_review").locator("tr[data-issue]")).toHaveCount(4);

      if (desktop) {
        // Keyboard: j/k move the focused row, x selects it, Escape clears, Enter opens.
        const focused = page.locator("tr[data-issue][aria-current='true']");
        await expect(focused).toHaveCount(0);
        await page.keyboard.press("j");
        await expect(focused).toHaveAttribute("data-issue", (await rows(page).nth(0).getAttribute("data-issue"))!);
        await page.keyboard.press("j");
        const second = await rows(page).nth(1).getAttribute("data-issue");
        await expect(focused).toHaveAttribute("data-issue", second!);
        await page.keyboard.press("x");
        await expect(page.getByRole("checkbox", { name: `Select ${second}`, exact: true })).toBeChecked();
        await page.keyboard.press("k");
        await page.keyboard.press("x");
        await expect(page.getByRole("region", { name: "Bulk edit" })).toContainText("2 selected");
        await page.keyboard.press("Escape");
        await expect(page.getByRole("region", { name: "Bulk edit" })).toBeHidden();
        // Shift-click selects the range between two rows.
        await page.getByRole("checkbox", { name: `Select ${await rows(page).nth(2).getAttribute("data-issue")}`, exact: true }).click();
        await page.getByRole("checkbox", { name: `Select ${await rows(page).nth(5).getAttribute("data-issue")}`, exact: true }).click({ modifiers: ["Shift"] });
        await expect(page.getByRole("region", { name: "Bulk edit" })).toContainText("4 selected");
        // Shortcuts stay out of focused form controls, the clicked checkbox included.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.keyboard.press("Escape");
        await expect(page.getByRole("region", { name: "Bulk edit" })).toBeHidden();
        await page.keyboard.press("j");
        const target = await focused.getAttribute("data-issue");
        await page.keyboard.press("Enter");
        await expect(page).toHaveURL(new RegExp(`/issues/${target}$`));
      }
    });
  });
}
