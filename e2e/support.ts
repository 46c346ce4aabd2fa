import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type APIRequestContext, type APIResponse, type BrowserContext, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@example.com", password: "e2e-password-123" };

/** The admin's signed-in session, saved once by `auth.setup.ts` and loaded by every browser spec. */
export const ADMIN_STORAGE_STATE = path.join(import.meta.dirname, "..", "test-results", ".auth", "admin.json");

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

/** A board key minted through a signed-in session, like a user in Settings would. */
async function mintBoardKey(request: APIRequestContext, baseURL: string): Promise<string> {
  const key = await json(await request.post("/api/board-api-keys", { data: { name: "e2e" }, headers: { origin: baseURL } }), 201);
  return key.token;
}

/** A board key for the e2e admin, for API specs: they start without a session, so this signs in first. */
export async function adminBoardKey(request: APIRequestContext, baseURL: string): Promise<string> {
  await signInThroughNextAuth(request);
  return mintBoardKey(request, baseURL);
}

/**
 * A fresh company with one agent and its key, made current for the browser, which opens on its issues. The browser
 * and `request` already carry the admin's stored session (`ADMIN_STORAGE_STATE`), so nothing signs in here.
 */
export async function setUpBoard(
  { page, context, request, baseURL }: { page: Page; context: BrowserContext; request: APIRequestContext; baseURL: string },
  name: string,
) {
  const board = bearer(await mintBoardKey(request, baseURL));
  const company = await json(await request.post("/api/companies", { data: { name }, headers: board }), 201);
  const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { data: { name: `${name} Bot`, role: "engineer" }, headers: board }), 201);
  const agentKey = await json(await request.post(`/api/agents/${agent.id}/keys`, { data: { name: "e2e" }, headers: board }), 201);
  await context.addCookies([{ name: "sb_company", value: company.id, url: baseURL }]);
  await page.goto("/issues");
  await expect(page, "the stored session should be signed in").not.toHaveURL(/\/login/);
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
