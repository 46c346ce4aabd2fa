import { expect, test } from "@playwright/test";

// The sign-in page under the guessing limits, so it starts signed out. A made-up email keeps the admin's own budget
// (and every other spec's sign-in) untouched.
test.describe("signing in under the guessing limits", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("after 10 wrong passwords for one email, the form says how long to wait", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(`guesser-${Date.now()}@example.com`);
    const submit = async (password: string) => {
      await page.getByLabel("Password").fill(password);
      await Promise.all([
        page.waitForResponse((response) => response.url().endsWith("/api/auth/callback/credentials")),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
    };
    for (let i = 0; i < 10; i += 1) {
      await submit(`guess-${i}`);
      await expect(page.getByText("Invalid email or password")).toBeVisible();
    }
    // One more failure is allowed every 6 s, which a slow browser may have earned meanwhile; then the limit answers.
    const limited = page.getByText(/^Too many attempts — try again in \d+ seconds\.$/);
    for (let extra = 0; extra < 10 && !(await limited.isVisible()); extra += 1) await submit(`more-${extra}`);
    await expect(limited).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });
});
