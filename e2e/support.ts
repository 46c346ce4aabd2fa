import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, type APIRequestContext, type APIResponse, type BrowserContext, type Locator, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@example.com", password: "e2e-password-123" };

/**
 * The launcher's embedded PostgreSQL (playwright.config.ts gives it E2E_DATA_DIR): for seeding volumes the API would
 * take minutes to write. Its port is line 4 of PostgreSQL's own postmaster.pid; the role is the launcher's fixed one.
 */
export function launcherDatabaseUrl(): string {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error("E2E_DATA_DIR is not set: run the specs through playwright.config.ts");
  const port = Number(readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[3]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`No port in ${path.join(dataDir, "pg", "postmaster.pid")}`);
  return `postgresql://switchboard:switchboard@127.0.0.1:${port}/switchboard`;
}

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

/**
 * Waits until the page has hydrated and its live stream is open (lib/queries/events.ts marks <html>), so keys and
 * changes made from now on are heard: a key pressed before hydration does nothing, and an event sent before the stream
 * opens is not replayed to it.
 */
export async function waitForLiveBoard(page: Page) {
  await expect(page.locator("html[data-live-stream=open]")).toHaveCount(1);
}

/**
 * Waits until React has hydrated `locator`'s element (its props are attached to the DOM node). Server-rendered controls
 * answer clicks and keys natively before that, and hydration then puts a controlled input back to its state.
 */
export async function waitForHydration(locator: Locator) {
  await expect.poll(() => locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps")))).toBe(true);
}

/**
 * A confirmation card in an issue's thread (the interaction `interactionId`, or any). Scoped to the thread list: a card
 * the server streams after the page's first bytes waits in a hidden element outside it until React reveals it, so for
 * a moment a page-wide selector finds the card twice.
 */
export function threadCard(page: Page, interactionId?: string): Locator {
  return page.getByRole("list", { name: "Thread" }).locator(interactionId ? `[data-interaction-id="${interactionId}"]` : "[data-interaction-id]");
}

/** A board key minted through a signed-in session, like a user in Settings would. */
async function mintBoardKey(request: APIRequestContext, baseURL: string): Promise<{ id: string; token: string }> {
  return json(await request.post("/api/board-api-keys", { data: { name: "e2e" }, headers: { origin: baseURL } }), 201);
}

/** A board key for the e2e admin, for API specs: they start without a session, so this signs in first. */
export async function adminBoardKey(request: APIRequestContext, baseURL: string): Promise<string> {
  await signInThroughNextAuth(request);
  return (await mintBoardKey(request, baseURL)).token;
}

/**
 * A fresh company with one agent and its key, made current for the browser, which opens on its issues. The browser
 * and `request` already carry the admin's stored session (`ADMIN_STORAGE_STATE`), so nothing signs in here.
 */
export async function setUpBoard(
  { page, context, request, baseURL }: { page: Page; context: BrowserContext; request: APIRequestContext; baseURL: string },
  name: string,
) {
  const board = bearer((await mintBoardKey(request, baseURL)).token);
  const company = await json(await request.post("/api/companies", { data: { name }, headers: board }), 201);
  const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { data: { name: `${name} Bot`, role: "engineer" }, headers: board }), 201);
  const agentKey = await json(await request.post(`/api/agents/${agent.id}/keys`, { data: { name: "e2e" }, headers: board }), 201);
  await context.addCookies([{ name: "sb_company", value: company.id, url: baseURL }]);
  await page.goto("/issues");
  await expect(page, "the stored session should be signed in").not.toHaveURL(/\/login/);
  return { board, company, agent, agentToken: agentKey.token as string };
}

/** A real git repository with one commit on `branch`: what a project's primary workspace points at. */
export function gitRepo(branch = "main", folderName?: string): string {
  // A named checkout sits in a fresh parent folder, so the name is free; the caller removes path.dirname() then.
  const parent = folderName ? mkdtempSync(path.join(os.tmpdir(), "sb-e2e-repos-")) : null;
  const dir = parent ? path.join(parent, folderName!) : mkdtempSync(path.join(os.tmpdir(), "sb-e2e-repo-"));
  if (parent) mkdirSync(dir);
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=e2e@example.com", "-c", "user.name=E2E", ...args], { cwd: dir, stdio: "pipe" });
  git("init", "-q", "-b", branch);
  writeFileSync(path.join(dir, "README.md"), "# e2e repository\n");
  git("add", "README.md");
  git("commit", "-q", "-m", "Initial commit");
  return dir;
}

/**
 * A project isolating each task in a worktree: its primary workspace is a fresh `gitRepo()` (plus `workspace`'s extra
 * fields, such as a runtime config or setup command) and its policy defaults to isolated workspaces.
 */
export async function isolatingProject(
  request: APIRequestContext,
  headers: Record<string, string>,
  companyId: string,
  name: string,
  workspace: Record<string, unknown> = {},
) {
  const project = await json(await request.post(`/api/companies/${companyId}/projects`, { data: { name }, headers }), 201);
  await json(await request.post(`/api/projects/${project.id}/workspaces`, { data: { name: "main", cwd: gitRepo(), ...workspace }, headers }), 201);
  await json(
    await request.patch(`/api/projects/${project.id}`, { data: { executionWorkspacePolicy: { enabled: true, defaultMode: "isolated_workspace" } }, headers }),
    200,
  );
  return project;
}

/** One real id of each kind a company holds, plus the credentials of its owner and agent: what cross-company specs aim at. */
export type SeededCompany = {
  companyId: string;
  ownerUserId: string;
  /** A board key of the company's owner, who is not an instance admin, so other companies are out of reach. */
  ownerKey: string;
  /** Another key of the owner, so a spec can name a real key without risking the one it uses. */
  spareOwnerKeyId: string;
  agentId: string;
  agentKey: string;
  agentRunId: string;
  spareAgentKeyId: string;
  projectId: string;
  goalId: string;
  labelId: string;
  issueId: string;
  issueIdentifier: string;
  commentId: string;
  documentId: string;
  planRevisionId: string;
  interactionId: string;
  approvalId: string;
  projectWorkspaceId: string;
  executionWorkspaceId: string;
  operationId: string;
  environmentId: string;
  /** A company skill, so routes under /skills/{skillId} have one of the company's own. */
  skillId: string;
  /** A pending invitation the owner sent (owners who are not instance admins invite rather than add). */
  invitationId: string;
};

/** Invites an email into the company as its (non-admin) owner and returns the pending invitation's id. */
export async function inviteToCompany(request: APIRequestContext, ownerKey: string, companyId: string, email: string): Promise<string> {
  await json(await request.post(`/api/companies/${companyId}/members`, { headers: bearer(ownerKey), data: { email, role: "viewer" } }), 202);
  const invitations: { id: string; email?: string }[] = await json(
    await request.get(`/api/companies/${companyId}/invitations`, { headers: bearer(ownerKey) }),
    200,
  );
  return invitations.find((invitation) => invitation.email === email)!.id;
}

/**
 * A new company whose owner is a plain user, not an instance admin, so other companies are out of the owner's reach;
 * `keys` board keys are minted in the owner's own session.
 */
export async function companyWithOwner(request: APIRequestContext, adminKey: string, baseURL: string, name: string, keys = 1) {
  const admin = bearer(adminKey);
  const company = await json(await request.post("/api/companies", { headers: admin, data: { name } }), 201);
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-owner@example.com`;
  const owner = await json(await request.post("/api/users", { headers: admin, data: { email, name: `${name} Owner`, password: "owner-password" } }), 201);
  await json(await request.post(`/api/companies/${company.id}/members`, { headers: admin, data: { userId: owner.id, role: "owner" } }), 201);
  const ownerContext = await playwrightRequest.newContext({ baseURL });
  await signInThroughNextAuth(ownerContext, { email, password: "owner-password" });
  const ownerKeys: { id: string; token: string }[] = [];
  for (let minted = 0; minted < keys; minted += 1) ownerKeys.push(await mintBoardKey(ownerContext, baseURL));
  await ownerContext.dispose();
  return { company, owner, email, ownerKeys };
}

/**
 * A company with an owner (a plain user with a board key), an agent with a key and a run, and one of everything:
 * project with a git workspace and isolated execution workspaces, goal, label, issue checked out (so a run and an
 * execution workspace exist), comment, plan document, confirmation interaction, approval and environment.
 */
export async function seedCompany(request: APIRequestContext, adminKey: string, baseURL: string, name: string): Promise<SeededCompany> {
  const admin = bearer(adminKey);
  const post = async (url: string, data: unknown, headers: Record<string, string> = admin) => json(await request.post(url, { headers, data }), 201);
  const {
    company,
    owner,
    email,
    ownerKeys: [ownerKey, spareOwnerKey],
  } = await companyWithOwner(request, adminKey, baseURL, name, 2);
  const invitationId = await inviteToCompany(request, ownerKey.token, company.id, `invitee-${email}`);
  const agent = await post(`/api/companies/${company.id}/agents`, { name: `${name} Agent` });
  const agentKey = await post(`/api/agents/${agent.id}/keys`, {});
  const spareAgentKey = await post(`/api/agents/${agent.id}/keys`, {});
  const agentRunId = randomUUID();
  const asAgent = { ...bearer(agentKey.token), "x-paperclip-run-id": agentRunId };
  const goal = await post(`/api/companies/${company.id}/goals`, { title: `${name} Goal` });
  const label = await post(`/api/companies/${company.id}/labels`, { name: `${name} label`, color: "#22c55e" });
  const environment = await post(`/api/companies/${company.id}/environments`, { name: `${name} Env`, driver: "local" });
  const project = await post(`/api/companies/${company.id}/projects`, { name: `${name} Project` });
  const projectWorkspace = await post(`/api/projects/${project.id}/workspaces`, {
    name: "main",
    cwd: gitRepo(),
    repoRef: "main",
    runtimeConfig: { workspaceRuntime: { commands: [{ id: "job", name: "job", kind: "job", command: "echo seeded" }] } },
  });
  await json(
    await request.patch(`/api/projects/${project.id}`, {
      headers: admin,
      data: { executionWorkspacePolicy: { enabled: true, defaultMode: "isolated_workspace" } },
    }),
    200,
  );
  const issue = await post(`/api/companies/${company.id}/issues`, { title: `${name} Work`, projectId: project.id, assigneeAgentId: agent.id, goalId: goal.id });
  const checkedOut = await json(
    await request.post(`/api/issues/${issue.id}/checkout`, { headers: asAgent, data: { agentId: agent.id, expectedStatuses: ["todo"] } }),
    200,
  );
  const comment = await post(`/api/issues/${issue.id}/comments`, { body: "from a run" }, asAgent);
  const plan = await json(
    await request.put(`/api/issues/${issue.id}/documents/plan`, { headers: asAgent, data: { format: "markdown", body: "the plan" } }),
    201,
  );
  const interaction = await post(`/api/issues/${issue.id}/interactions`, {
    kind: "request_confirmation",
    payload: { version: 1, prompt: "Accept?", target: { type: "issue_document", key: "plan", revisionId: plan.latestRevisionId } },
  });
  const approval = await post(`/api/companies/${company.id}/approvals`, { type: "request_board_approval", payload: { title: "Spend" }, issueIds: [issue.id] });
  const skill = await post(`/api/companies/${company.id}/skills`, { name: `${name} Skill`, key: "seeded-skill" });
  const operations = await json(
    await request.get(`/api/execution-workspaces/${checkedOut.executionWorkspaceId}/workspace-operations`, { headers: admin }),
    200,
  );
  return {
    companyId: company.id,
    ownerUserId: owner.id,
    ownerKey: ownerKey.token,
    spareOwnerKeyId: spareOwnerKey.id,
    invitationId,
    agentId: agent.id,
    agentKey: agentKey.token,
    agentRunId,
    spareAgentKeyId: spareAgentKey.id,
    projectId: project.id,
    goalId: goal.id,
    labelId: label.id,
    issueId: issue.id,
    issueIdentifier: issue.identifier,
    commentId: comment.id,
    documentId: plan.id,
    planRevisionId: plan.latestRevisionId,
    interactionId: interaction.id,
    approvalId: approval.id,
    projectWorkspaceId: projectWorkspace.id,
    executionWorkspaceId: checkedOut.executionWorkspaceId,
    operationId: operations[0].id,
    environmentId: environment.id,
    skillId: skill.id,
  };
}

/** The parts of a JSON schema in /api/openapi.json that the specs generating requests from it read. */
export type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: boolean;
};

export type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        "x-switchboard-auth": string;
        "x-paperclip"?: boolean;
        parameters: { name: string; in: string }[];
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
};

export type Operation = { method: string; path: string; auth: string; query: string[]; body?: Schema; paperclip: boolean };

/**
 * Every operation of the document, path by path: method in upper case, auth mode, query parameter names, JSON body
 * schema, and whether Paperclip has it too (its unknown body fields are then ignored, not refused).
 */
export function operations(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({
      method: method.toUpperCase(),
      path,
      auth: spec["x-switchboard-auth"],
      query: spec.parameters.filter((parameter) => parameter.in === "query").map((parameter) => parameter.name),
      body: spec.requestBody?.content["application/json"]?.schema,
      paperclip: spec["x-paperclip"] === true,
    })),
  );
}
