import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type APIRequestContext, type APIResponse, type BrowserContext, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@example.com", password: "e2e-password-123" };

/** Signs in through next-auth's own endpoints, leaving the session cookie in the request context. */
export async function signInThroughNextAuth(request: APIRequestContext, credentials = ADMIN) {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  const { csrfToken } = await csrf.json();
  const callback = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: credentials.email, password: credentials.password, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(callback.status());
  const session = await (await request.get("/api/auth/session")).json();
  expect(session.user?.email).toBe(credentials.email);
}

export async function json(response: APIResponse, status: number) {
  const text = await response.text();
  expect(response.status(), `${response.url()} → ${text}`).toBe(status);
  return text ? JSON.parse(text) : null;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A board key for the e2e admin, minted through the session like a user in Settings would. */
export async function adminBoardKey(request: APIRequestContext, baseURL: string): Promise<string> {
  await signInThroughNextAuth(request);
  const key = await json(await request.post("/api/board-api-keys", { data: { name: "e2e" }, headers: { origin: baseURL } }), 201);
  return key.token;
}

/** A fresh company with one agent and its key, made current for the browser, and the admin signed in through the login page. */
export async function setUpBoard({ page, context, request, baseURL }: { page: Page; context: BrowserContext; request: APIRequestContext; baseURL: string }, name: string) {
  const board = bearer(await adminBoardKey(request, baseURL));
  const company = await json(await request.post("/api/companies", { data: { name }, headers: board }), 201);
  const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { data: { name: `${name} Bot`, role: "engineer" }, headers: board }), 201);
  const agentKey = await json(await request.post(`/api/agents/${agent.id}/keys`, { data: { name: "e2e" }, headers: board }), 201);
  await context.addCookies([{ name: "sb_company", value: company.id, url: baseURL }]);

  await page.goto("/issues");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/issues");
  return { board, company, agent, agentToken: agentKey.token as string };
}

/** A real git repository with one commit on main: what a project's primary workspace points at. */
export function gitRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sb-e2e-repo-"));
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=e2e@example.com", "-c", "user.name=E2E", ...args], { cwd: dir, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  writeFileSync(path.join(dir, "README.md"), "# e2e repository\n");
  git("add", "README.md");
  git("commit", "-q", "-m", "Initial commit");
  return dir;
}
