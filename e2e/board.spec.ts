import { expect, test } from "@playwright/test";
import { ADMIN, bearer } from "./support";

// This spec is about the sign-in page itself, so it starts signed out.
test.describe("signing in by hand", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a board member signs in, creates a company, an agent and a key shown once", async ({ page, context, request, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });

    await page.goto("/agents");
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Invalid email or password")).toBeVisible();
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Needs me, or the guided first run when this spec runs before any company exists.
    await expect(page).toHaveURL(/\/(needs-me|welcome)$/);
    await page.goto("/agents");

    const sidebar = page.getByRole("navigation");
    await expect(sidebar.getByRole("link", { name: "Issues" })).toBeVisible();
    await expect(sidebar.getByRole("link", { name: "Approvals" })).toBeVisible();
    await expect(sidebar.getByRole("link", { name: "Needs me" })).toBeVisible();
    for (const missing of ["Workspaces"]) await expect(sidebar.getByRole("link", { name: missing })).toHaveCount(0);

    await page.goto("/companies");
    await page.getByRole("button", { name: "New company" }).click();
    await page.getByLabel("Name").fill("Browser Works");
    await page.getByRole("button", { name: "Create company" }).click();
    await expect(page.getByRole("cell", { name: "Browser Works" }).first()).toBeVisible();

    await page.goto("/agents");
    await page.getByRole("button", { name: "New agent" }).first().click();
    await page.getByLabel("Name").fill("Browser Bot");
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.getByRole("link", { name: "Browser Bot" }).click();
    await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}/);

    await page.getByLabel("Key name").fill("laptop");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByText("Copy this token now — it won't be shown again")).toBeVisible();
    const token = (await page.getByText(/^pcp_[0-9a-f]{48}$/).textContent())!.trim();
    // Exact: the MCP section on the same page has "Copy MCP endpoint" and the like.
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByText(token)).toHaveCount(0);
    await expect(page.getByRole("cell", { name: "laptop" })).toBeVisible();

    const me = await request.get("/api/agents/me", { headers: bearer(token) });
    expect(me.status()).toBe(200);
    expect((await me.json()).name).toBe("Browser Bot");

    await page.reload();
    await expect(page.getByText(token)).toHaveCount(0);
  });
});

test("the theme toggle switches to dark mode and remembers it", async ({ page }) => {
  await page.goto("/needs-me");
  await page.getByRole("button", { name: "Dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.getByRole("button", { name: "Light theme" }).click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});
