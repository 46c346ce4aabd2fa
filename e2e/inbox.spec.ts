import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { bearer, json, setUpBoard } from "./support";

const VIEWPORTS = [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
];

/** The sidebar's Inbox badge: in the side column on wide screens, inside the menu drawer on phones. */
async function expectInboxBadge(page: Page, mobile: boolean, count: number | null) {
  if (mobile) await page.getByRole("button", { name: "Open menu" }).click();
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Inbox\b/ });
  const badge = link.locator('[data-badge="inbox"]');
  if (count === null) await expect(badge).toHaveCount(0);
  else await expect(badge).toHaveText(new RegExp(`^${count}\\b`));
  if (mobile) {
    await page.keyboard.press("Escape");
    await expect(page.getByRole("button", { name: "Open menu" })).toHaveAttribute("aria-expanded", "false");
  }
}

for (const viewport of VIEWPORTS) {
  test(`an agent's comment reaches my inbox live; opening the issue reads it; archive hides it until the next comment (${viewport.width}px)`, async ({
    page,
    context,
    request,
    baseURL,
  }) => {
    const mobile = viewport.width < 768;
    await page.setViewportSize(viewport);
    const { board, company, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, `Inbox ${viewport.width}`);
    const me = await json(await request.get("/api/me", { headers: board }), 200);
    const adminId = me.user?.id ?? me.id;
    const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
    const issue = await json(
      await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Rotate the signing keys", assigneeUserId: adminId }, headers: board }),
      201,
    );
    const agentComment = (body: string) => request.post(`/api/issues/${issue.id}/comments`, { data: { body }, headers: asAgent });
    // Opens an inbox tab and waits for its live stream: an event sent before the stream connects is not replayed.
    const openInbox = async (path: string) => {
      const stream = page.waitForResponse((response) => response.url().endsWith(`/api/companies/${company.id}/events`));
      await page.goto(path);
      await stream;
    };

    await openInbox("/inbox");
    await expect(page.getByRole("heading", { name: "Inbox", exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { name: "You're all caught up" })).toBeVisible();
    await expectInboxBadge(page, mobile, null);

    // The agent comments: the row and the badge arrive over the live stream, with no reload.
    await json(await agentComment("Rotated staging; production needs your go-ahead."), 201);
    const row = page.locator(`[data-inbox-row="${issue.identifier}"]`);
    await expect(row).toHaveAttribute("data-unread", "true");
    await expect(row.getByRole("img", { name: "Unread" })).toBeVisible();
    await expect(row).toContainText("Rotate the signing keys");
    await expect(row).toContainText(`Inbox ${viewport.width} Bot commented`);
    await expectInboxBadge(page, mobile, 1);

    // Opening the issue marks it read: the badge clears on the issue page itself.
    await row.getByRole("link", { name: /Rotate the signing keys/ }).click();
    await expect(page).toHaveURL(new RegExp(`/issues/${issue.identifier}$`));
    await expect(page.getByRole("list", { name: "Thread" })).toContainText("Rotated staging; production needs your go-ahead.");
    await expectInboxBadge(page, mobile, null);

    // In All it is there, read; archiving (the `e` key on wide screens, the button on phones) takes it away.
    await openInbox("/inbox?tab=all");
    await expect(row).toHaveAttribute("data-unread", "false");
    await expect(async () => {
      if (mobile && (await row.count())) await row.getByRole("button", { name: `Archive: ${issue.identifier}` }).click({ timeout: 1_000 });
      else await page.keyboard.press("e");
      await expect(row).toHaveCount(0, { timeout: 1_000 });
    }).toPass();
    await expect(page.getByRole("heading", { name: "Your inbox is empty" })).toBeVisible();

    // Another comment by the agent brings it back, unread, live.
    await json(await agentComment("Production rotated too."), 201);
    await expect(row).toHaveAttribute("data-unread", "true");
    await expectInboxBadge(page, mobile, 1);
    const archived = await json(await request.get(`/api/companies/${company.id}/inbox?tab=archived`, { headers: board }), 200);
    expect(archived.items).toEqual([]);
  });
}
