import { expect, test, type Page } from "@playwright/test";
import { json, setUpBoard } from "./support";

const palette = (page: Page) => page.getByRole("dialog", { name: "Command palette" });
const box = (page: Page) => palette(page).getByRole("combobox", { name: "Search pages, issues and actions" });

async function openWithShortcut(page: Page) {
  // The shortcut is heard once the page has hydrated: a press before that does nothing, so press until it opens.
  await expect(async () => {
    await page.keyboard.press("Control+k");
    await expect(palette(page)).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(box(page)).toBeFocused();
}

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`command palette at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("Ctrl+K searches and opens issues, jumps by identifier, goes to pages and runs actions; Escape gives focus back", async ({
      page,
      context,
      request,
      baseURL,
    }) => {
      const { board, company } = await setUpBoard({ page, context, request, baseURL: baseURL! }, `Palette ${viewport.width}`);
      const zeppelin = await json(
        await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Rotate the zeppelin keys" }, headers: board }),
        201,
      );
      const other = await json(await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Write the changelog" }, headers: board }), 201);
      await json(await request.post(`/api/companies/${company.id}/labels`, { data: { name: "infra", color: "#0ea5e9" }, headers: board }), 201);
      const second = await json(await request.post("/api/companies", { data: { name: `Palette Two ${viewport.width}` }, headers: board }), 201);

      await page.goto("/agents");
      await openWithShortcut(page);
      const dialogBox = await palette(page).boundingBox();
      expect(dialogBox!.width).toBeLessThanOrEqual(viewport.width);

      // Search as you type: pages stop matching, the issue shows up and Enter opens it.
      await box(page).fill("zeppelin");
      const hit = palette(page).getByRole("option", { name: /Rotate the zeppelin keys/ });
      await expect(hit).toBeVisible();
      await expect(hit).toHaveAttribute("aria-selected", "true");
      await expect(box(page)).toHaveAttribute("aria-activedescendant", (await hit.getAttribute("id"))!);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(new RegExp(`/issues/${zeppelin.identifier}$`));
      await expect(palette(page)).toBeHidden();
      await expect(page.locator("main")).toContainText("Rotate the zeppelin keys");

      // An identifier, typed in lower case, jumps straight to its issue.
      await openWithShortcut(page);
      await box(page).fill(other.identifier.toLowerCase());
      await expect(palette(page).getByRole("option").first()).toHaveText(`Open ${other.identifier}`);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(new RegExp(`/issues/${other.identifier}$`));
      await expect(page.locator("main")).toContainText("Write the changelog");

      // Arrow keys move through the options (wrapping); Enter goes to the page chosen.
      await openWithShortcut(page);
      await box(page).fill("settings");
      const options = palette(page).getByRole("option");
      await expect(options).toHaveText(["Settings", "Settings › Labels", "Settings › Export & import"]);
      await page.keyboard.press("ArrowDown");
      await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
      await page.keyboard.press("ArrowUp");
      await expect(options.nth(2)).toHaveAttribute("aria-selected", "true");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/settings\?tab=labels$/);
      await expect(page.getByRole("table", { name: "Labels" }).getByRole("row").filter({ hasText: "infra" })).toBeVisible();

      // Escape closes and puts focus back where it was.
      await page.goto("/agents");
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement?.outerHTML);
      await openWithShortcut(page);
      await page.keyboard.press("Escape");
      await expect(palette(page)).toBeHidden();
      expect(await page.evaluate(() => document.activeElement?.outerHTML)).toBe(focused);
      // Ctrl+K toggles it shut as well.
      await openWithShortcut(page);
      await page.keyboard.press("Control+k");
      await expect(palette(page)).toBeHidden();

      // Actions: new issue, theme, and switching company.
      await openWithShortcut(page);
      await box(page).fill("new issue");
      await page.keyboard.press("Enter");
      // The issues page opens its New issue dialog for ?new=1 (and may tidy the URL once it has).
      await expect.poll(async () => /\/issues\?new=1$/.test(page.url()) || (await page.getByRole("dialog", { name: /New issue/ }).isVisible())).toBe(true);
      await page.goto("/agents");

      await openWithShortcut(page);
      await box(page).fill("dark theme");
      await palette(page).getByRole("option", { name: "Switch to dark theme" }).click();
      await expect(page.locator("html")).toHaveClass(/\bdark\b/);
      await openWithShortcut(page);
      await box(page).fill("light theme");
      await page.keyboard.press("Enter");
      await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);

      await openWithShortcut(page);
      await box(page).fill(second.name);
      await expect(palette(page).getByRole("option", { name: `Switch to ${second.name}` })).toBeVisible();
      await page.keyboard.press("Enter");
      await expect.poll(async () => (await context.cookies()).find((cookie) => cookie.name === "sb_company")?.value).toBe(second.id);
    });
  });
}
