import { expect, test, type Page, type Response } from "@playwright/test";
import { ADMIN, json, setUpBoard } from "./support";

type XssWindow = Window & { xssRan?: string };

/** Every Content-Security-Policy violation the page reports, as DOM events and as console messages, across navigations. */
async function recordPolicyViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  await page.exposeFunction("reportPolicyViolation", (text: string) => violations.push(`event: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener(
      "securitypolicyviolation",
      (event) =>
        (window as unknown as { reportPolicyViolation: (text: string) => void }).reportPolicyViolation(
          `${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`,
        ),
      true,
    );
  });
  return violations;
}

/** The page's script nonce, after checking the policy allows scripts by nonce alone and every script carries it. */
async function expectNoncePolicy(response: Response | null): Promise<string> {
  expect(response?.status()).toBe(200);
  const policy = (await response!.allHeaders())["content-security-policy"];
  const scriptSources = policy
    .split(";")
    .map((directive) => directive.trim().split(/\s+/))
    .find(([name]) => name === "script-src")!;
  expect(scriptSources).toContain("'strict-dynamic'");
  expect(scriptSources).not.toContain("'unsafe-inline'");
  expect(scriptSources).not.toContain("'unsafe-eval'");
  const nonce = scriptSources.find((source) => source.startsWith("'nonce-"))!.slice("'nonce-".length, -1);
  expect(nonce.length).toBeGreaterThanOrEqual(16);
  const scriptTags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);
  return nonce;
}

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page runs under a fresh nonce per request, with no violations, and signing in works", async ({ page }) => {
    const violations = await recordPolicyViolations(page);
    const firstNonce = await expectNoncePolicy(await page.goto("/login"));
    const response = await page.goto("/login");
    const secondNonce = await expectNoncePolicy(response);
    expect(secondNonce).not.toBe(firstNonce);
    expect((await response!.allHeaders())["strict-transport-security"], "HSTS only for an https public URL").toBeUndefined();

    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Needs me, or the guided first run when this spec runs before any company exists.
    await expect(page).toHaveURL(/\/(needs-me|welcome)$/);
    expect(violations).toEqual([]);
  });
});

test("API responses keep the fixed headers and a policy that lets nothing run, without HSTS over http", async ({ request }) => {
  const headers = (await request.get("/api/health")).headers();
  expect(headers["content-security-policy"]).toMatch(/^default-src 'none'/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["strict-transport-security"]).toBeUndefined();
});

test("the issues list and an issue page load with no violations, and the saved dark theme applies", async ({ page, context, request, baseURL }) => {
  await context.addInitScript(() => localStorage.setItem("theme", "dark"));
  const violations = await recordPolicyViolations(page);
  const { board, company } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Policy Works");
  await expect(page.getByRole("heading", { name: "No open issues" })).toBeVisible();
  // Only the root layout's inline theme script adds the class on load, so it ran under the nonce policy.
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  const issue = await json(await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Tighten the policy" }, headers: board }), 201);
  await expectNoncePolicy(await page.goto(`/issues/${issue.identifier}`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tighten the policy");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  expect(violations).toEqual([]);
});

test("every board page renders and hydrates under the nonce policy with no violations", async ({ page, context, request, baseURL }) => {
  test.slow(); // twelve full page loads
  const violations = await recordPolicyViolations(page);
  const { agent } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Tour Works");
  for (const path of [
    "/",
    "/needs-me",
    "/issues",
    "/agents",
    `/agents/${agent.id}`,
    "/approvals",
    "/goals",
    "/projects",
    "/costs",
    "/settings",
    "/companies",
    "/welcome",
  ]) {
    await expectNoncePolicy(await page.goto(path));
    await expect(page.locator("h1").first(), path).toBeVisible();
    await expect(page.getByText("Something went wrong on this page"), path).toHaveCount(0);
  }
  // The theme toggle is a client component, so it only answers once the page has hydrated.
  await page.getByRole("button", { name: "Dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  expect(violations).toEqual([]);
});

test("script in a stored title, description and comment does not run on the issue page", async ({ page, context, request, baseURL }) => {
  const violations = await recordPolicyViolations(page);
  const { board, company } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Hostile Works");
  const payload = (where: string) =>
    `${where}: <script>window.xssRan="${where} script"</script><img src=x onerror="window.xssRan='${where} img'"><svg onload="window.xssRan='${where} svg'"></svg>`;
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, { data: { title: payload("title"), description: payload("description") }, headers: board }),
    201,
  );
  await json(await request.post(`/api/issues/${issue.identifier}/comments`, { data: { body: payload("comment") }, headers: board }), 201);

  await page.goto(`/issues/${issue.identifier}`);
  // Shown as the text that was typed, tags and all.
  await expect(page.getByText(payload("description"))).toBeVisible();
  await expect(page.getByRole("list", { name: "Thread" }).getByText(payload("comment"))).toBeVisible();
  // Any image that made it into the DOM has fired its error handler by the time it is complete.
  await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
  expect(await page.evaluate(() => (window as XssWindow).xssRan)).toBeUndefined();
  expect(violations).toEqual([]);
});
