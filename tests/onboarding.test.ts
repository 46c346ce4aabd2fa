import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as companyAgentsRoute from "@/app/api/companies/[companyId]/agents/route";
import * as eventsRoute from "@/app/api/companies/[companyId]/events/route";
import * as onboardingRoute from "@/app/api/companies/[companyId]/onboarding/route";
import * as companyProjectsRoute from "@/app/api/companies/[companyId]/projects/route";
import * as projectRoute from "@/app/api/projects/[id]/route";
import * as projectWorkspaceRoute from "@/app/api/projects/[id]/workspaces/[workspaceId]/route";
import * as projectWorkspacesRoute from "@/app/api/projects/[id]/workspaces/route";
import { db } from "@/lib/db/client";
import { readMigrations } from "@/lib/db/migrate";
import { drainOnce } from "@/lib/heartbeats/scheduler";
import { openEventStream } from "./support/event-stream";
import { callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";
import { createIssue, patchIssue } from "./support/issues";
import { processAdapter } from "./support/process-agent";
import { waitFor } from "./support/wait";

const getOnboarding = (companyId: string, token: string) =>
  callRoute(onboardingRoute.GET, "GET", `/api/companies/${companyId}/onboarding`, { token, params: { companyId } });
const patchOnboarding = (companyId: string, token: string, body: unknown) =>
  callRoute(onboardingRoute.PATCH, "PATCH", `/api/companies/${companyId}/onboarding`, { token, params: { companyId }, body });

type Step = { key: string; done: boolean; skipped: boolean; optional: boolean; href: string | null };
/** Each step as `key:state`, the state being done, skipped or todo. */
const states = (res: { json: { steps: Step[] } }) => res.json.steps.map((step) => `${step.key}:${step.done ? "done" : step.skipped ? "skipped" : "todo"}`);
const step = (res: { json: { steps: Step[] } }, key: string) => res.json.steps.find((candidate) => candidate.key === key)!;

const checkoutFolders: string[] = [];
/** A folder to point a workspace at, removed when the file's tests are done. */
function checkoutFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sb-onboarding-"));
  checkoutFolders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of checkoutFolders) rmSync(dir, { recursive: true, force: true });
});

async function world() {
  const company = await seedCompany();
  const owner = await seedUser({ memberships: { [company.id]: "owner" } });
  return { company, owner };
}

const completedAt = async (companyId: string) => (await db.company.findUniqueOrThrow({ where: { id: companyId } })).onboardingCompletedAt;

/** A project of the company with a workspace whose folder is on this machine; the answer is the project. */
async function projectWithFolder(companyId: string, token: string) {
  const project = await callRoute(companyProjectsRoute.POST, "POST", `/api/companies/${companyId}/projects`, {
    token,
    params: { companyId },
    body: { name: `Site ${randomUUID().slice(0, 8)}` },
  });
  expect(project.status).toBe(201);
  const workspace = await callRoute(projectWorkspacesRoute.POST, "POST", `/api/projects/${project.json.id}/workspaces`, {
    token,
    params: { id: project.json.id },
    body: { name: "Checkout", cwd: checkoutFolder() },
  });
  expect(workspace.status).toBe(201);
  return project.json as { id: string };
}

const archiveProject = (id: string, token: string) =>
  callRoute(projectRoute.PATCH, "PATCH", `/api/projects/${id}`, { token, params: { id }, body: { archivedAt: new Date().toISOString() } });

describe("GET /api/companies/:companyId/onboarding", () => {
  it("each step flips as its data appears; complete once the required ones are done, and it stays complete", async () => {
    const { company, owner } = await world();
    const first = await getOnboarding(company.id, owner.token);
    expect(first.status).toBe(200);
    expect(Object.keys(first.json).sort()).toEqual(["canDismiss", "companyId", "complete", "dismissed", "dismissedAt", "steps"]);
    expect(Object.keys(first.json.steps[0]).sort()).toEqual(["description", "done", "href", "key", "optional", "skipped", "title"]);
    expect(first.json).toMatchObject({ companyId: company.id, complete: false, dismissed: false, dismissedAt: null, canDismiss: true });
    expect(states(first)).toEqual(["company:done", "agent:todo", "project:todo", "issue:todo", "run:todo", "done:todo"]);
    expect(first.json.steps.map((s: Step) => [s.key, s.optional, s.href])).toEqual([
      ["company", false, null],
      ["agent", false, "/welcome?step=agent"],
      ["project", true, "/welcome?step=project"],
      ["issue", false, "/welcome?step=issue"],
      ["run", false, null],
      ["done", false, null],
    ]);

    // A terminated agent is no agent to work with.
    await seedAgent(company.id, { status: "terminated" });
    expect(step(await getOnboarding(company.id, owner.token), "agent").done).toBe(false);

    const { adapterConfig } = processAdapter();
    const agent = await callRoute(companyAgentsRoute.POST, "POST", `/api/companies/${company.id}/agents`, {
      token: owner.token,
      params: { companyId: company.id },
      body: { name: "Runner", adapterType: "process", adapterConfig },
    });
    expect(agent.status).toBe(201);
    expect(states(await getOnboarding(company.id, owner.token)).slice(0, 4)).toEqual(["company:done", "agent:done", "project:todo", "issue:todo"]);

    // Neither an issue assigned to a person nor an unassigned one that is done is the agent's work.
    expect((await createIssue(company.id, owner.token, { title: "Mine", assigneeUserId: owner.user.id })).status).toBe(201);
    expect((await createIssue(company.id, owner.token, { title: "Nobody's", status: "done" })).status).toBe(201);
    expect(states(await getOnboarding(company.id, owner.token)).slice(3)).toEqual(["issue:todo", "run:todo", "done:todo"]);

    const issue = (await createIssue(company.id, owner.token, { title: "List the folder", assigneeAgentId: agent.json.id, status: "todo" })).json;
    const assigned = await getOnboarding(company.id, owner.token);
    expect(states(assigned).slice(3)).toEqual(["issue:done", "run:todo", "done:todo"]);
    // The run and the finish are watched on the issue's page.
    expect([step(assigned, "issue").href, step(assigned, "run").href, step(assigned, "done").href]).toEqual([
      null,
      `/issues/${issue.identifier}`,
      `/issues/${issue.identifier}`,
    ]);

    // A failed run is no first run to celebrate; the one the assignment woke, really run, is.
    await db.heartbeatRun.create({ data: { id: randomUUID(), companyId: company.id, agentId: agent.json.id, status: "failed", finishedAt: new Date() } });
    expect(step(await getOnboarding(company.id, owner.token), "run").done).toBe(false);
    const [result] = await drainOnce({ apiUrl: "http://127.0.0.1:9" });
    expect(result.status).toBe("succeeded");
    expect(states(await getOnboarding(company.id, owner.token)).slice(4)).toEqual(["run:done", "done:todo"]);

    expect((await getOnboarding(company.id, owner.token)).json.complete).toBe(false);
    expect(await completedAt(company.id)).toBeNull();

    expect((await patchIssue(issue.id, owner.token, { status: "done" })).status).toBe(200);
    const allButProject = await getOnboarding(company.id, owner.token);
    expect(states(allButProject)).toEqual(["company:done", "agent:done", "project:todo", "issue:done", "run:done", "done:done"]);
    // The optional project, neither done nor skipped, does not hold the checklist up; the read that found it complete recorded so.
    expect(allButProject.json.complete).toBe(true);
    const recorded = await completedAt(company.id);
    expect(recorded).toBeInstanceOf(Date);

    // Skipping is still offered and kept, and changes nothing about completion either way.
    const skipped = await patchOnboarding(company.id, owner.token, { skippedSteps: ["project"] });
    expect(skipped.status).toBe(200);
    expect(skipped.json.complete).toBe(true);
    expect(step(skipped, "project")).toMatchObject({ done: false, skipped: true, href: "/welcome?step=project" });
    const unskipped = await patchOnboarding(company.id, owner.token, { skippedSteps: [] });
    expect([unskipped.json.complete, step(unskipped, "project").skipped]).toEqual([true, false]);

    // A project counts once one of its workspaces has a folder on this machine.
    const project = await callRoute(companyProjectsRoute.POST, "POST", `/api/companies/${company.id}/projects`, {
      token: owner.token,
      params: { companyId: company.id },
      body: { name: "Site" },
    });
    const addWorkspace = (body: Record<string, unknown>) =>
      callRoute(projectWorkspacesRoute.POST, "POST", `/api/projects/${project.json.id}/workspaces`, {
        token: owner.token,
        params: { id: project.json.id },
        body,
      });
    expect((await addWorkspace({ name: "Remote only", repoUrl: "https://example.com/site.git" })).status).toBe(201);
    expect(step(await getOnboarding(company.id, owner.token), "project").done).toBe(false);
    expect((await addWorkspace({ name: "Checkout", cwd: checkoutFolder() })).status).toBe(201);
    const complete = await getOnboarding(company.id, owner.token);
    expect(states(complete)).toEqual(["company:done", "agent:done", "project:done", "issue:done", "run:done", "done:done"]);
    expect(complete.json.complete).toBe(true);
    expect(complete.json.steps.every((s: Step) => s.href === null)).toBe(true);

    // Completion is kept: terminating the only agent and archiving the project turn their steps back, not the checklist.
    await db.agent.update({ where: { id: agent.json.id }, data: { status: "terminated" } });
    expect((await archiveProject(project.json.id, owner.token)).status).toBe(200);
    const later = await getOnboarding(company.id, owner.token);
    expect(states(later)).toEqual(["company:done", "agent:todo", "project:todo", "issue:done", "run:done", "done:done"]);
    expect(later.json.complete).toBe(true);
    expect(await completedAt(company.id)).toEqual(recorded);
  });

  it("a project's folder stops counting once the project is archived", async () => {
    const { company, owner } = await world();
    const project = await projectWithFolder(company.id, owner.token);
    expect(step(await getOnboarding(company.id, owner.token), "project").done).toBe(true);
    expect((await archiveProject(project.id, owner.token)).status).toBe(200);
    expect(step(await getOnboarding(company.id, owner.token), "project")).toMatchObject({ done: false, href: "/welcome?step=project" });
  });

  it("what moves the agent and project steps reaches the company's live stream, and no other company's", async () => {
    const { company, owner } = await world();
    const other = await seedCompany();
    const otherOwner = await seedUser({ memberships: { [other.id]: "owner" } });
    const open = (companyId: string, token: string) => openEventStream(eventsRoute.GET, `/api/companies/${companyId}/events`, { token, params: { companyId } });
    const [stream, otherStream] = await Promise.all([open(company.id, owner.token), open(other.id, otherOwner.token)]);
    await waitFor(() => stream.ofType("ready").length === 1 && otherStream.ofType("ready").length === 1, "both streams to be ready");

    const agent = await callRoute(companyAgentsRoute.POST, "POST", `/api/companies/${company.id}/agents`, {
      token: owner.token,
      params: { companyId: company.id },
      body: { name: "Scout" },
    });
    expect(agent.status).toBe(201);
    const project = await projectWithFolder(company.id, owner.token);
    const [workspace] = await db.projectWorkspace.findMany({ where: { projectId: project.id } });
    expect((await archiveProject(project.id, owner.token)).status).toBe(200);
    const removeFolder = await callRoute(projectWorkspaceRoute.DELETE, "DELETE", `/api/projects/${project.id}/workspaces/${workspace.id}`, {
      token: owner.token,
      params: { id: project.id, workspaceId: workspace.id },
    });
    expect(removeFolder.status).toBe(200);
    expect((await callRoute(projectRoute.DELETE, "DELETE", `/api/projects/${project.id}`, { token: owner.token, params: { id: project.id } })).status).toBe(
      200,
    );

    const expected = [
      ["agent.created", "agent", agent.json.id],
      ["project.created", "project", project.id],
      ["workspace.created", "project_workspace", workspace.id],
      ["project.updated", "project", project.id],
      ["workspace.deleted", "project_workspace", workspace.id],
      ["project.deleted", "project", project.id],
    ];
    const seen = () =>
      expected.filter(([type, entityType, entityId]) => stream.ofType(type).some((event) => event.entityType === entityType && event.entityId === entityId));
    await waitFor(() => seen().length === expected.length, "every agent, project and folder event");
    // The other company's own event, arriving after all of the above, shows its stream has heard what it was going to.
    const theirs = await callRoute(companyAgentsRoute.POST, "POST", `/api/companies/${other.id}/agents`, {
      token: otherOwner.token,
      params: { companyId: other.id },
      body: { name: "Marker" },
    });
    expect(theirs.status).toBe(201);
    await waitFor(() => otherStream.ofType("agent.created").some((event) => event.entityId === theirs.json.id), "the other company's agent.created");
    await Promise.all([stream.close(), otherStream.close()]);
    const mentioned = [agent.json.id, project.id, workspace.id];
    expect(otherStream.events.filter((event) => mentioned.some((id) => event.data.includes(id)))).toEqual([]);
  });

  it("another company's agents, projects, issues and runs leave this company's checklist untouched", async () => {
    const { company, owner } = await world();
    const other = await seedCompany();
    const otherOwner = await seedUser({ memberships: { [other.id]: "owner" } });
    const { agent } = await seedAgent(other.id);
    await projectWithFolder(other.id, otherOwner.token);
    const issue = (await createIssue(other.id, otherOwner.token, { title: "Theirs", assigneeAgentId: agent.id, status: "todo" })).json;
    await db.heartbeatRun.create({ data: { id: randomUUID(), companyId: other.id, agentId: agent.id, status: "succeeded", finishedAt: new Date() } });
    expect((await patchIssue(issue.id, otherOwner.token, { status: "done" })).status).toBe(200);
    const theirs = await getOnboarding(other.id, otherOwner.token);
    expect([states(theirs), theirs.json.complete]).toEqual([["company:done", "agent:done", "project:done", "issue:done", "run:done", "done:done"], true]);

    const mine = await getOnboarding(company.id, owner.token);
    expect(states(mine)).toEqual(["company:done", "agent:todo", "project:todo", "issue:todo", "run:todo", "done:todo"]);
    expect(mine.json.complete).toBe(false);
    expect([step(mine, "run").href, step(mine, "done").href]).toEqual([null, null]);
    expect(await completedAt(company.id)).toBeNull();
  });

  it("the upgrade marks complete exactly the companies where an agent already took an issue to done", async () => {
    const backfill = readMigrations()
      .find((migration) => migration.name === "20261209010000_onboarding")!
      .sql.replace(/--.*$/gm, "")
      .split(";")
      .map((statement) => statement.trim())
      .filter((statement) => statement.startsWith("UPDATE"));
    expect(backfill).toHaveLength(1);

    // Established: an agent's issue is done, though the agent has since been terminated and no run is on record.
    const established = await world();
    const { agent: retired } = await seedAgent(established.company.id);
    const shipped = (await createIssue(established.company.id, established.owner.token, { title: "Shipped", assigneeAgentId: retired.id })).json;
    expect((await patchIssue(shipped.id, established.owner.token, { status: "done" })).status).toBe(200);
    await db.agent.update({ where: { id: retired.id }, data: { status: "terminated" } });
    // Under way: the agent's issue is not done yet, and the issue that is done was a person's.
    const underWay = await world();
    const { agent: working } = await seedAgent(underWay.company.id);
    expect((await createIssue(underWay.company.id, underWay.owner.token, { title: "Working", assigneeAgentId: working.id })).status).toBe(201);
    expect(
      (await createIssue(underWay.company.id, underWay.owner.token, { title: "Mine", assigneeUserId: underWay.owner.user.id, status: "done" })).status,
    ).toBe(201);
    // Already recorded: the upgrade keeps the time it has.
    const earlier = await world();
    const { agent: early } = await seedAgent(earlier.company.id);
    expect((await createIssue(earlier.company.id, earlier.owner.token, { title: "Early", assigneeAgentId: early.id, status: "done" })).status).toBe(201);
    const earlierAt = new Date("2026-01-02T03:04:05.678Z");
    await db.company.update({ where: { id: earlier.company.id }, data: { onboardingCompletedAt: earlierAt } });

    await db.$executeRawUnsafe(backfill[0]);
    expect(await completedAt(established.company.id)).toBeInstanceOf(Date);
    expect(await completedAt(underWay.company.id)).toBeNull();
    expect(await completedAt(earlier.company.id)).toEqual(earlierAt);

    // The established company shows no card although its steps, read live, are not all done.
    const view = await getOnboarding(established.company.id, established.owner.token);
    expect(states(view)).toEqual(["company:done", "agent:todo", "project:todo", "issue:done", "run:todo", "done:done"]);
    expect(view.json.complete).toBe(true);
    expect((await getOnboarding(underWay.company.id, underWay.owner.token)).json.complete).toBe(false);
  });
});

describe("PATCH /api/companies/:companyId/onboarding", () => {
  it("dismissal and skips are each member's own; dismissing again keeps the first time; false brings it back", async () => {
    const { company, owner } = await world();
    const operator = await seedUser({ memberships: { [company.id]: "operator" } });

    const dismissed = await patchOnboarding(company.id, owner.token, { dismissed: true });
    expect(dismissed.status).toBe(200);
    expect(dismissed.json).toMatchObject({ dismissed: true, dismissedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    expect((await getOnboarding(company.id, operator.token)).json).toMatchObject({ dismissed: false, dismissedAt: null });

    const again = await patchOnboarding(company.id, owner.token, { dismissed: true, skippedSteps: ["project"] });
    expect(again.json.dismissedAt).toBe(dismissed.json.dismissedAt);
    expect(step(await getOnboarding(company.id, operator.token), "project").skipped).toBe(false);
    // A field left out keeps its value.
    expect(step(await patchOnboarding(company.id, owner.token, {}), "project").skipped).toBe(true);

    const back = await patchOnboarding(company.id, owner.token, { dismissed: false });
    expect(back.json).toMatchObject({ dismissed: false, dismissedAt: null });
    expect(step(back, "project").skipped).toBe(true);
    const stored = await db.companyMembership.findFirstOrThrow({ where: { companyId: company.id, userId: owner.user.id } });
    expect(stored.onboarding).toEqual({ skippedSteps: ["project"] });
  });

  it("400 names each bad field, a non-optional step to skip included, and stores nothing", async () => {
    const { company, owner } = await world();
    const required = await patchOnboarding(company.id, owner.token, { skippedSteps: ["agent"] });
    expect([required.status, required.json.code]).toEqual([400, "validation_failed"]);
    expect(required.json.invalid_params).toEqual([{ name: "body.skippedSteps.0", reason: "Only optional steps can be skipped: project" }]);

    const several = await patchOnboarding(company.id, owner.token, { dismissed: "yes", skippedSteps: ["project", "run"], hidden: true });
    expect(several.status).toBe(400);
    expect(several.json.invalid_params.map((param: { name: string }) => param.name).sort()).toEqual(["body.dismissed", "body.hidden", "body.skippedSteps.1"]);
    const tooMany = await patchOnboarding(company.id, owner.token, { skippedSteps: Array.from({ length: 7 }, () => "project") });
    expect(tooMany.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["body.skippedSteps"]);

    const stored = await db.companyMembership.findFirstOrThrow({ where: { companyId: company.id, userId: owner.user.id } });
    expect(stored.onboarding).toEqual({});
  });

  it("other companies' users get 404, agents 403, viewers may read but not change, and admins without a membership 409", async () => {
    const { company, owner } = await world();
    const other = await seedCompany();
    const outsider = await seedUser({ memberships: { [other.id]: "owner" } });
    const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
    const admin = await seedUser({ admin: true });
    const { token: agentToken } = await seedAgent(company.id);

    for (const res of [await getOnboarding(company.id, outsider.token), await patchOnboarding(company.id, outsider.token, { dismissed: true })]) {
      expect([res.status, res.json.code]).toEqual([404, "not_found"]);
    }
    for (const res of [await getOnboarding(company.id, agentToken), await patchOnboarding(company.id, agentToken, { dismissed: true })]) {
      expect([res.status, res.json.code]).toEqual([403, "board_required"]);
    }

    const viewerView = await getOnboarding(company.id, viewer.token);
    expect([viewerView.status, viewerView.json.canDismiss]).toEqual([200, false]);
    const viewerPatch = await patchOnboarding(company.id, viewer.token, { dismissed: true });
    expect([viewerPatch.status, viewerPatch.json.code]).toEqual([403, "insufficient_role"]);

    await patchOnboarding(company.id, owner.token, { dismissed: true });
    const adminView = await getOnboarding(company.id, admin.token);
    expect(adminView.json).toMatchObject({ companyId: company.id, dismissed: false, dismissedAt: null, canDismiss: false });
    expect((await getOnboarding(company.id, owner.token)).json.canDismiss).toBe(true);
    const adminPatch = await patchOnboarding(company.id, admin.token, { dismissed: true });
    expect([adminPatch.status, adminPatch.json.code]).toEqual([409, "membership_required"]);
    expect(await db.companyMembership.count({ where: { userId: admin.user.id } })).toBe(0);
    expect((await getOnboarding(randomUUID(), admin.token)).status).toBe(404);

    // Choices are never read across companies: the owner's dismissal here is not the outsider's there.
    expect((await getOnboarding(other.id, outsider.token)).json.dismissed).toBe(false);
  });
});
