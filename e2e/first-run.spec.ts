// The guided first run, as a newcomer meets it: a fresh instance on a database of its own, the first admin created in
// the browser, then company → demo agent → project from a git checkout → first issue, and the demo agent's whole loop
// on the issue page (a live run, a plan to accept, done) — within two minutes — with Needs me's checklist following
// along until it is gone. FIRST_RUN_SCREENSHOTS=<folder> saves a screenshot of each step there (the README's "first ten
// minutes").
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { applyMigrations } from "../lib/db/migrate";
import { type Instance, startInstance, stopInstance } from "./instances";
import { gitRepo, launcherDatabaseUrl, threadCard, waitForHydration, waitForLiveBoard } from "./support";

const NEWCOMER = { name: "Nadia Newcomer", email: "nadia@example.com", password: "first-run-password-1" };

// Nobody is signed in on a fresh instance; the shared admin's session belongs to the launcher's instance anyway.
test.use({ storageState: { cookies: [], origins: [] } });
// The second test goes on from what the first one set up.
test.describe.configure({ mode: "serial" });

let instance: Instance | null = null;
let origin = "";
let databaseName = "";
/** A checkout the way a user has one: on branch trunk, one commit. */
let repo = "";
/** A folder on the instance's PATH holding a stand-in `claude` that prints the real CLI's --version line. */
let cliFolder = "";

/** The database URL of `name` on the launcher's PostgreSQL. */
function databaseUrl(name: string): string {
  const url = new URL(launcherDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function onLauncherDatabase<T>(work: (sql: pg.Client) => Promise<T>): Promise<T> {
  const sql = new pg.Client({ connectionString: launcherDatabaseUrl() });
  await sql.connect();
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

let shots = 0;
/** With FIRST_RUN_SCREENSHOTS set, a numbered screenshot of the page as it is. */
async function screenshot(page: Page, name: string) {
  const folder = process.env.FIRST_RUN_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  shots += 1;
  await page.screenshot({ path: path.join(folder, `${String(shots).padStart(2, "0")}-${name}.png`) });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  databaseName = `first_run_${randomBytes(6).toString("hex")}`;
  await onLauncherDatabase((sql) => sql.query(`CREATE DATABASE ${databaseName}`));
  await applyMigrations(databaseUrl(databaseName), path.resolve("prisma/migrations"));
  // Named as a user's checkout would be: the wizard suggests the folder name as the project name.
  repo = gitRepo("trunk", "rocket-app");
  // Its own database (the environment wins over the launcher's), and no admin from the environment: the first one is
  // made in the browser.
  cliFolder = mkdtempSync(path.join(os.tmpdir(), "switchboard-first-run-bin-"));
  writeFileSync(path.join(cliFolder, "claude"), "#!/bin/sh\necho '2.0.14 (Claude Code)'\n");
  chmodSync(path.join(cliFolder, "claude"), 0o755);
  instance = await startInstance("first-run", {
    DATABASE_URL: databaseUrl(databaseName),
    ADMIN_EMAIL: "",
    ADMIN_PASSWORD: "",
    PATH: `${cliFolder}:${process.env.PATH ?? ""}`,
  });
  // The instance's public URL (NEXTAUTH_URL) is on localhost, and cookie-authenticated writes must come from it.
  origin = instance.url.replace("127.0.0.1", "localhost");
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  if (instance) {
    await stopInstance(instance);
    rmSync(instance.dataDir, { recursive: true, force: true });
  }
  if (databaseName) await onLauncherDatabase((sql) => sql.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
  if (repo) rmSync(path.dirname(repo), { recursive: true, force: true });
  if (cliFolder) rmSync(cliFolder, { recursive: true, force: true });
});

test("first admin → guided setup with the demo agent → its plan accepted in the board → done, within two minutes", async ({ page }) => {
  test.setTimeout(120_000);
  const folderName = path.basename(repo);
  const heading = page.getByRole("heading", { level: 1 });
  const currentStep = page.getByRole("navigation", { name: "Setup steps" }).locator('[aria-current="step"]');

  // The first admin, in the UI; signing in lands on the guided setup.
  await page.goto(`${origin}/login`);
  await expect(heading).toHaveText("Create the first admin");
  await waitForHydration(page.getByRole("button", { name: "Create admin" }));
  await page.getByLabel("Name", { exact: true }).fill(NEWCOMER.name);
  await page.getByLabel("Email", { exact: true }).fill(NEWCOMER.email);
  await page.getByLabel("Password", { exact: true }).fill(NEWCOMER.password);
  await page.getByRole("button", { name: "Create admin" }).click();
  await expect(page).toHaveURL(/\/welcome$/);

  // Step 1: the company. The prefix follows the name, is checked as it is edited, and starts every identifier.
  await expect(heading).toHaveText("Name your company");
  await expect(currentStep).toContainText("Company");
  const companyName = page.getByLabel("Company name");
  await waitForHydration(companyName);
  await companyName.fill("Acme Rockets");
  const prefix = page.getByLabel("Issue prefix");
  await expect(prefix).toHaveValue("AR");
  await prefix.fill("a");
  await expect(page.getByText("2–10 characters: an uppercase letter, then uppercase letters or digits")).toBeVisible();
  await expect(prefix).toHaveAttribute("aria-invalid", "true");
  await prefix.fill("acme");
  await expect(prefix).toHaveValue("ACME");
  await expect(page.getByText("Issues will be numbered ACME-1")).toBeVisible();
  await screenshot(page, "welcome-company");
  await prefix.press("Enter");

  // Step 2: the agent. Focus moves to the step's heading; the demo agent needs no CLI.
  await expect(heading).toHaveText("Add your first agent");
  await expect(heading).toBeFocused();
  await expect(page).toHaveURL(/\/welcome\?step=agent$/);
  await expect(currentStep).toContainText("Agent");
  // The new company is the chosen one: the sidebar's switcher shows it.
  await expect(page.getByRole("combobox", { name: "Company" }).filter({ visible: true }).first().locator("option:checked")).toHaveText("Acme Rockets");
  // Claude Code is on the server's PATH, offered with its version and picked first; Codex is not, and its card says why.
  const claude = page.getByRole("radio", { name: /^Claude Code/ });
  await expect(claude).toBeChecked();
  await expect(page.getByLabel("Agent name")).toHaveValue("Claude");
  await expect(claude).toHaveAccessibleName(/2\.0\.14 \(Claude Code\)/);
  const codex = page.getByRole("radio", { name: /^Codex/ });
  await expect(codex).toBeDisabled();
  await expect(codex).toHaveAccessibleDescription(/Not found on the server's PATH/);
  await page.getByRole("radio", { name: /^Demo agent/ }).check();
  await expect(page.getByLabel("Agent name")).toHaveValue("Demo agent");
  await screenshot(page, "agent");
  await page.getByRole("button", { name: "Create agent" }).click();

  // Step 3: a project from the checkout; the server reports its branch.
  await expect(heading).toHaveText(/^Point it at your code/);
  await expect(heading).toBeFocused();
  await page.getByLabel("Folder on the server").fill(repo);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.getByTestId("checkout-summary")).toContainText("Git checkout on branch trunk");
  await expect(page.getByLabel("Project name")).toHaveValue(folderName);
  await screenshot(page, "project");
  await page.getByRole("button", { name: "Create project" }).click();

  // Step 4: the first issue, for the new agent in the new project, with a task suggested for the demo agent.
  await expect(heading).toHaveText("Give it a first task");
  await expect(heading).toBeFocused();
  await expect(page.getByLabel("Assignee").locator("option:checked")).toHaveText("Demo agent");
  await expect(page.getByLabel("Project").locator("option:checked")).toHaveText(folderName);
  await expect(page.getByLabel("Title")).toHaveValue(`Look around ${folderName} and report back`);
  await page.getByRole("button", { name: "Create issue and start" }).click();

  // The issue page: the run shows up live, then the plan's confirmation card, accepted here.
  await expect(page).toHaveURL(/\/issues\/ACME-1$/);
  await expect(page.getByTestId("issue-title")).toHaveText(`Look around ${folderName} and report back`);
  await expect(page.getByRole("list", { name: "Runs" }).getByRole("listitem").first()).toBeVisible({ timeout: 30_000 });
  const card = threadCard(page).filter({ has: page.getByTestId("interaction-outcome") });
  await expect(card.getByTestId("interaction-outcome")).toHaveText("Pending", { timeout: 30_000 });
  await expect(card).toContainText("Accept this plan for ACME-1?");
  await screenshot(page, "issue-plan-confirmation");

  // Meanwhile Needs me has the checklist: the setup done, the first run done once it ends, the finish still open.
  await page.goto(`${origin}/needs-me`);
  const checklist = page.locator("[data-onboarding-checklist]");
  await expect(checklist).toBeVisible();
  for (const step of ["company", "agent", "project", "issue"]) await expect(checklist.locator(`[data-step="${step}"]`)).toHaveAttribute("data-state", "done");
  await expect(checklist.locator('[data-step="run"]')).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  await expect(checklist.locator('[data-step="done"]')).toHaveAttribute("data-state", "todo");
  await expect(checklist.getByRole("progressbar", { name: "Getting started" })).toHaveAttribute("aria-valuenow", "5");
  await screenshot(page, "needs-me-checklist");
  // Its finish step leads back to the issue, where the plan is accepted.
  await checklist.locator('[data-step="done"]').getByRole("link").click();
  await expect(page).toHaveURL(/\/issues\/ACME-1$/);
  await expect(card.getByTestId("interaction-outcome")).toHaveText("Pending");
  const accept = card.getByRole("button", { name: "Accept plan" });
  await waitForHydration(accept);
  await accept.click();
  await expect(card.getByTestId("interaction-outcome")).toHaveText("Accepted");

  // The accepted plan wakes the agent again; it reports, attaches its output and finishes the issue.
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("done", { timeout: 45_000 });
  // It worked in the project's checkout: its report names the branch.
  await expect(page.getByRole("list", { name: "Thread" })).toContainText("(git, branch trunk)");
  await screenshot(page, "issue-done");

  // Every step of the checklist is done, so Needs me (which renders it from the server's data) shows none.
  const companies = await (await page.request.get(`${origin}/api/companies`)).json();
  const onboarding = await (await page.request.get(`${origin}/api/companies/${companies[0].id}/onboarding`)).json();
  expect(onboarding).toMatchObject({ complete: true, dismissed: false });
  await page.goto(`${origin}/needs-me`);
  await expect(heading).toHaveText("Needs me");
  await expect(checklist).toHaveCount(0);

  // And the guided setup, opened again, says so rather than starting over.
  await page.goto(`${origin}/welcome`);
  await expect(heading).toHaveText("You're set up");
});

test("the wizard's edges: a taken prefix at its field, an approval-requiring company, checks as you go, Back, a skipped project, resuming, and dismissing the checklist", async ({
  page,
}) => {
  const heading = page.getByRole("heading", { level: 1 });
  // With a company, signing in lands on Needs me, not the setup.
  await page.goto(`${origin}/login`);
  await waitForHydration(page.getByRole("button", { name: "Sign in" }));
  await page.getByLabel("Email", { exact: true }).fill(NEWCOMER.email);
  await page.getByLabel("Password", { exact: true }).fill(NEWCOMER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/needs-me$/);

  // The company step with a company chosen says so; another company's prefix is refused under the field.
  await page.goto(`${origin}/welcome?step=company`);
  await expect(page.getByText("You're setting up")).toContainText("Acme Rockets");
  const another = page.getByRole("button", { name: "Create another company" });
  await waitForHydration(another);
  await another.click();
  await page.getByLabel("Company name").fill("Acme Rovers");
  const prefix = page.getByLabel("Issue prefix");
  await expect(prefix).toHaveValue("AR");
  await prefix.fill("ACME");
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByText("ACME is already used by another company")).toBeVisible();
  await expect(prefix).toHaveAttribute("aria-invalid", "true");
  await prefix.fill("ROVER");
  await prefix.press("Enter");

  // A nameless agent is refused in place; Back after creating shows the agent instead of a second form. The company
  // requires board approval for new agents, which binds agents hiring agents: the board user creates it directly.
  await expect(heading).toHaveText("Add your first agent");
  await expect(heading).toBeFocused();
  const companies: { id: string; name: string }[] = await (await page.request.get(`${origin}/api/companies`)).json();
  const rovers = companies.find((company) => company.name === "Acme Rovers")!;
  const approvalRequired = await page.request.patch(`${origin}/api/companies/${rovers.id}`, {
    data: { requireBoardApprovalForNewAgents: true },
    headers: { origin },
  });
  expect(approvalRequired.status()).toBe(200);
  await page.getByRole("radio", { name: /^Demo agent/ }).check();
  await page.getByLabel("Agent name").fill("");
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByText("Enter a name")).toBeVisible();
  await page.getByLabel("Agent name").fill("Rover");
  await page.getByLabel("Agent name").press("Enter");
  await expect(heading).toHaveText(/^Point it at your code/);
  const agents: { name: string; status: string }[] = await (await page.request.get(`${origin}/api/companies/${rovers.id}/agents`)).json();
  expect(agents.map((agent) => [agent.name, agent.status])).toEqual([["Rover", "idle"]]);
  await page.getByRole("button", { name: "Back" }).click();
  await expect(page.getByText("Rover is ready for work.")).toBeVisible();
  await page.goBack();
  await expect(heading).toHaveText(/^Point it at your code/);

  // A relative path is refused before asking; a missing folder is the server's answer.
  const folder = page.getByLabel("Folder on the server");
  await folder.fill("code/app");
  await folder.press("Enter");
  await expect(page.getByText("Enter an absolute path, starting with /")).toBeVisible();
  await folder.fill(`${repo}-not-here`);
  await folder.press("Enter");
  await expect(page.getByText(/^No folder at/)).toBeVisible();

  // A project whose folder is refused (the refusal injected, as the real ones need a broken server) is kept and reused
  // by the retry, renamed as asked, and Skip deletes it, so the step leaves no project without a folder.
  await folder.fill(repo);
  await folder.press("Enter");
  await expect(page.getByTestId("checkout-summary")).toContainText("Git checkout on branch trunk");
  await page.route("**/api/projects/*/workspaces", (route) =>
    route.fulfill({ status: 503, contentType: "application/problem+json", body: JSON.stringify({ status: 503, code: "unavailable", title: "Unavailable" }) }),
  );
  const roverProjects = async () =>
    ((await (await page.request.get(`${origin}/api/companies/${rovers.id}/projects`)).json()) as { name: string }[]).map((project) => project.name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByTestId("unfinished-project")).toContainText(`The project ${path.basename(repo)} exists, but without its folder`);
  await page.getByLabel("Project name").fill("Rover app");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByTestId("unfinished-project")).toContainText("The project Rover app exists");
  expect(await roverProjects()).toEqual(["Rover app"]);
  await page.unroute("**/api/projects/*/workspaces");
  await page.getByRole("button", { name: "Skip this step" }).click();
  await expect(heading).toHaveText("Give it a first task");
  await expect(page.getByRole("navigation", { name: "Setup steps" })).toContainText("Project (skipped)");
  await expect(page.getByLabel("Project").locator("option:checked")).toHaveText("No project");
  await expect(page.getByLabel("Title")).toHaveValue("Show me how you work");
  expect(await roverProjects()).toEqual([]);

  // The skip is on the checklist, so opening the setup again resumes at the issue.
  await page.goto(`${origin}/welcome`);
  await expect(heading).toHaveText("Give it a first task");
  await expect(page.getByLabel("Assignee").locator("option:checked")).toHaveText("Rover");

  // Needs me shows this company's unfinished checklist; dismissed with the keyboard, it stays gone after a reload.
  await page.goto(`${origin}/needs-me`);
  await expect(heading).toHaveText("Needs me");
  const checklist = page.locator("[data-onboarding-checklist]");
  await expect(checklist).toBeVisible();
  await expect(checklist.locator('[data-step="project"]')).toHaveAttribute("data-state", "skipped");
  await expect(checklist.locator('[data-step="issue"]')).toHaveAttribute("data-state", "todo");
  const dismiss = checklist.getByRole("button", { name: "Dismiss the getting-started checklist" });
  await waitForHydration(dismiss);
  await dismiss.focus();
  await page.keyboard.press("Enter");
  await expect(checklist).toHaveCount(0);
  await page.reload();
  await expect(heading).toHaveText("Needs me");
  await expect(checklist).toHaveCount(0);

  // One small button brings it back, for good; a project given its folder elsewhere then ticks its step live.
  const showAgain = page.getByRole("button", { name: "Show the getting-started checklist" });
  await waitForHydration(showAgain);
  await showAgain.focus();
  await page.keyboard.press("Enter");
  await expect(checklist.locator('[data-step="issue"]')).toHaveAttribute("data-state", "todo");
  await expect(showAgain).toHaveCount(0);
  await waitForLiveBoard(page);
  const project = await page.request.post(`${origin}/api/companies/${rovers.id}/projects`, { data: { name: "Rover site" }, headers: { origin } });
  expect(project.status()).toBe(201);
  const projectFolder = await page.request.post(`${origin}/api/projects/${(await project.json()).id}/workspaces`, {
    data: { name: "Rover site", cwd: repo },
    headers: { origin },
  });
  expect(projectFolder.status()).toBe(201);
  await expect(checklist.locator('[data-step="project"]')).toHaveAttribute("data-state", "done");
  await page.reload();
  await expect(checklist).toBeVisible();
});
