import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { bearer, json, setUpBoard } from "./support";

const MOBILE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 900 };

// Every board page in the sidebar, by its link text, which is also the page's heading. Workspaces is off here.
const PAGES = ["Needs me", "Issues", "Approvals", "Agents", "Org chart", "Costs", "Projects", "Goals", "Companies", "Settings"];

const linkName = (label: string) => new RegExp(`^${label}\\b`);

/** A company with something on every page: an issue in review for the admin, a pending approval, a project and a goal. */
async function seed(page: Page, context: Parameters<typeof setUpBoard>[0]["context"], request: APIRequestContext, baseURL: string, name: string) {
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL }, name);
  const me = await json(await request.get("/api/me", { headers: board }), 200);
  const adminId = me.user?.id ?? me.id;
  const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
  const project = await json(
    await request.post(`/api/companies/${company.id}/projects`, { data: { name: "A project with a rather long name for a phone screen" }, headers: board }),
    201,
  );
  await json(await request.post(`/api/companies/${company.id}/goals`, { data: { title: "Ship the pocket-sized board" }, headers: board }), 201);
  const executionPolicy = { stages: [{ type: "approval", participants: [{ type: "user", userId: adminId }] }] };
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, {
      data: {
        title: "Make every page of the board usable on a phone, down to 390 pixels wide",
        assigneeAgentId: agent.id,
        projectId: project.id,
        executionPolicy,
      },
      headers: board,
    }),
    201,
  );
  await json(await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["todo"] }, headers: asAgent }), 200);
  await json(await request.patch(`/api/issues/${issue.id}`, { data: { status: "done", comment: "Implemented and tested." }, headers: asAgent }), 200);
  const approval = await json(
    await request.post(`/api/companies/${company.id}/approvals`, {
      headers: asAgent,
      data: { type: "request_board_approval", issueIds: [issue.id], payload: { title: "Approve the phone layout", summary: "Cards under 768px." } },
    }),
    201,
  );
  return { company, agent, issue, project, approval };
}

/** The page scrolls vertically only: nothing wider than the viewport (one pixel of rounding allowed). */
async function expectNoHorizontalOverflow(page: Page, what: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    clientWidth: document.scrollingElement!.clientWidth,
  }));
  expect.soft(scrollWidth, `${what} overflows horizontally`).toBeLessThanOrEqual(clientWidth + 1);
}

/** Collects console errors and uncaught page errors that speak of hydration (React #418 and friends). */
function hydrationErrors(page: Page): string[] {
  const errors: string[] = [];
  const record = (text: string) => {
    if (/hydrat|#418|#423|#425/i.test(text)) errors.push(text);
  };
  page.on("console", (message) => {
    if (message.type() === "error") record(message.text());
  });
  page.on("pageerror", (error) => record(`${error.message}`));
  return errors;
}

test.describe("at 390×844", () => {
  test.use({ viewport: MOBILE });

  test("the menu button opens a drawer that reaches every page; Escape and navigation close it; no page overflows", async ({
    page,
    context,
    request,
    baseURL,
  }) => {
    const { issue, agent, approval, project } = await seed(page, context, request, baseURL!, "Pocket Works");
    await page.goto("/agents");
    await expect(page.getByRole("heading", { level: 1, name: "Agents" })).toBeVisible();

    // The sidebar is folded away; the top bar holds the menu button.
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    const menu = page.getByRole("button", { name: "Open menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    const drawer = page.getByRole("dialog", { name: "Menu" });

    for (const label of PAGES) {
      await menu.click();
      await expect(drawer).toBeVisible();
      await expect(menu).toHaveAttribute("aria-expanded", "true");
      await drawer
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: linkName(label) })
        .click();
      await expect(drawer, `following ${label} closes the drawer`).toBeHidden();
      await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
      await expectNoHorizontalOverflow(page, label);
    }

    // The drawer holds the company switcher, search, theme and the user menu, and keeps focus inside while open.
    await menu.click();
    await expect(drawer.getByLabel("Company")).toBeVisible();
    await expect(drawer.getByRole("group", { name: "Theme" })).toBeVisible();
    await expect(drawer.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(drawer.getByRole("button", { name: /Search/ })).toBeVisible();
    for (let step = 0; step < 24; step++) {
      await page.keyboard.press("Tab");
      const outside = await page.evaluate(() => {
        const active = document.activeElement;
        return active !== null && active !== document.body && !active.closest("dialog[open]");
      });
      expect(outside, `Tab ${step + 1} left the open drawer`).toBe(false);
    }
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();

    // Record pages fit too.
    for (const [path, heading] of [
      [`/issues/${issue.identifier}`, /Make every page/],
      [`/agents/${agent.id}`, new RegExp(agent.name)],
      [`/approvals/${approval.id}`, /Approve the phone layout/],
      [`/projects/${project.id}`, /A project with a rather long name/],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expectNoHorizontalOverflow(page, path);
    }
  });

  test("a cold Needs me load hydrates without a mismatch", async ({ page, context, request, baseURL }) => {
    await seed(page, context, request, baseURL!, "Cold Works");
    const errors = hydrationErrors(page);
    for (let load = 0; load < 3; load++) {
      await page.goto("/needs-me");
      await expect(page.getByRole("list", { name: "Waiting for me" }).getByRole("listitem")).toHaveCount(2);
      // The badges come in after hydration: by then any mismatch has been reported.
      await expect(page.locator('[data-badge="needs-me"]').first()).toBeAttached();
    }
    expect(errors).toEqual([]);
  });
});

test.describe("at 1400×900", () => {
  test.use({ viewport: DESKTOP });

  test("the skip link is the first Tab stop and moves focus to the page; the sidebar shows Approvals' count and opens search", async ({
    page,
    context,
    request,
    baseURL,
  }) => {
    await seed(page, context, request, baseURL!, "Desk Works");
    const errors = hydrationErrors(page);
    await page.goto("/issues");
    await expect(page.getByRole("heading", { level: 1, name: "Issues" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Open menu" })).toBeHidden();

    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
    await expect(page).toHaveURL(/\/issues$/);

    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: linkName("Approvals") })).toContainText("1");
    await expect(nav.getByRole("link", { name: linkName("Approvals") })).toHaveAccessibleName(/1 pending/);

    await page
      .getByRole("complementary")
      .getByRole("button", { name: /Search/ })
      .click();
    await expect(page.getByRole("dialog", { name: "Command palette" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "Command palette" })).toBeHidden();
    expect(errors).toEqual([]);
  });
});
