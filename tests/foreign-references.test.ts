import { describe, expect, it } from "vitest";
import * as agentRoute from "@/app/api/agents/[id]/route";
import * as wakeupRoute from "@/app/api/agents/[id]/wakeup/route";
import * as companiesRoute from "@/app/api/companies/route";
import * as companyRoute from "@/app/api/companies/[companyId]/route";
import * as companyProjectsRoute from "@/app/api/companies/[companyId]/projects/route";
import * as interactionsRoute from "@/app/api/issues/[id]/interactions/route";
import * as projectRoute from "@/app/api/projects/[id]/route";
import { db } from "@/lib/db/client";
import { callRoute, seedUser } from "./support/fixtures";
import { comment, createIssue, issueWorld, patchIssue } from "./support/issues";

// Ids in request bodies that point at another company's rows are refused with 422 naming the field; the same kind of
// id from the actor's own company is accepted.

const question = { version: 1, questions: [{ id: "q1", prompt: "Which one?", selectionMode: "single", options: [{ id: "a", label: "A" }] }] };

/** A finished run of the agent, as the heartbeat loop leaves it. */
const runOf = async (companyId: string, agentId: string) =>
  (
    await db.$queryRaw<{ id: string }[]>`
      INSERT INTO heartbeat_runs (id, company_id, agent_id, invocation_source, status) VALUES (gen_random_uuid(), ${companyId}::uuid, ${agentId}::uuid, 'on_demand', 'failed') RETURNING id`
  )[0];

const refusal = (response: { status: number; json: { code?: string; invalid_params?: { name: string }[] } }) => [
  response.status,
  response.json.code,
  response.json.invalid_params?.map((p) => p.name),
];

describe("ids in bodies stay within the actor's company", () => {
  it("sourceCommentId, defaultProjectWorkspaceId, defaultResponsibleUserId and failedRunId from another company are 422 naming the field", async () => {
    const home = await issueWorld();
    const away = await issueWorld();
    const owner = await seedUser({ memberships: { [home.company.id]: "owner" } });
    const stranger = await seedUser({ memberships: { [away.company.id]: "owner" } });

    const homeIssue = (await createIssue(home.company.id, home.board.token, { title: "Home" })).json;
    const awayIssue = (await createIssue(away.company.id, away.board.token, { title: "Away" })).json;
    const homeComment = (await comment(homeIssue.id, home.board.token, "Here")).json;
    const awayComment = (await comment(awayIssue.id, away.board.token, "There")).json;
    const ask = (sourceCommentId: string) =>
      callRoute(interactionsRoute.POST, "POST", "/i", {
        token: home.board.token,
        params: { id: homeIssue.id },
        body: { kind: "ask_user_questions", payload: question, sourceCommentId },
      });
    const foreignComment = await ask(awayComment.id);
    expect([foreignComment.status, foreignComment.json.invalid_params?.[0]?.name]).toEqual([422, "body.sourceCommentId"]);
    expect((await ask(homeComment.id)).status).toBe(201);

    const homeProject = await db.project.create({ data: { companyId: home.company.id, name: "Home project", urlKey: "home-project" } });
    const awayProject = await db.project.create({ data: { companyId: away.company.id, name: "Away project", urlKey: "away-project" } });
    const workspaceOf = (project: { id: string; companyId: string }) =>
      db.projectWorkspace.create({ data: { companyId: project.companyId, projectId: project.id, name: "main", cwd: "/tmp" } });
    const [homeWorkspace, awayWorkspace] = [await workspaceOf(homeProject), await workspaceOf(awayProject)];
    const setPolicy = (defaultProjectWorkspaceId: string) =>
      callRoute(projectRoute.PATCH, "PATCH", "/p", {
        token: owner.token,
        params: { id: homeProject.id },
        body: { executionWorkspacePolicy: { enabled: true, defaultProjectWorkspaceId } },
      });
    const foreignWorkspace = await setPolicy(awayWorkspace.id);
    expect([foreignWorkspace.status, foreignWorkspace.json.invalid_params?.[0]?.name]).toEqual([422, "executionWorkspacePolicy.defaultProjectWorkspaceId"]);
    expect((await setPolicy(homeWorkspace.id)).status).toBe(200);

    const setResponsible = (userId: string) =>
      callRoute(companyRoute.PATCH, "PATCH", "/c", { token: owner.token, params: { companyId: home.company.id }, body: { defaultResponsibleUserId: userId } });
    const foreignUser = await setResponsible(stranger.user.id);
    expect([foreignUser.status, foreignUser.json.invalid_params?.[0]?.name]).toEqual([422, "defaultResponsibleUserId"]);
    expect((await setResponsible(owner.user.id)).status).toBe(200);
    const admin = await seedUser({ admin: true });
    const created = await callRoute(companiesRoute.POST, "POST", "/api/companies", {
      token: admin.token,
      body: { name: "Someone else's", defaultResponsibleUserId: stranger.user.id },
    });
    expect([created.status, created.json.invalid_params?.[0]?.name]).toEqual([422, "defaultResponsibleUserId"]);

    const awayRun = await runOf(away.company.id, away.alice.agent.id);
    const homeRun = await runOf(home.company.id, home.alice.agent.id);
    const wake = (failedRunId: string) =>
      callRoute(wakeupRoute.POST, "POST", "/w", { token: home.board.token, params: { id: home.alice.agent.id }, body: { reason: "retry", failedRunId } });
    const foreignRun = await wake(awayRun.id);
    expect([foreignRun.status, foreignRun.json.invalid_params?.[0]?.name]).toEqual([422, "body.failedRunId"]);
    expect((await wake(homeRun.id)).status).toBe(202);
  });

  it("sourceRunId, reportsTo and a project's goalId from another company are 422 invalid_reference naming the field", async () => {
    const home = await issueWorld();
    const away = await issueWorld();
    const owner = await seedUser({ memberships: { [home.company.id]: "owner" } });
    const homeIssue = (await createIssue(home.company.id, home.board.token, { title: "Home" })).json;
    const ask = (sourceRunId: string) =>
      callRoute(interactionsRoute.POST, "POST", "/i", {
        token: home.board.token,
        params: { id: homeIssue.id },
        body: { kind: "ask_user_questions", payload: question, sourceRunId },
      });
    expect(refusal(await ask((await runOf(away.company.id, away.alice.agent.id)).id))).toEqual([422, "invalid_reference", ["body.sourceRunId"]]);
    expect((await ask((await runOf(home.company.id, home.alice.agent.id)).id)).status).toBe(201);

    const report = (reportsTo: string) =>
      callRoute(agentRoute.PATCH, "PATCH", "/a", { token: owner.token, params: { id: home.alice.agent.id }, body: { reportsTo } });
    expect(refusal(await report(away.bob.agent.id))).toEqual([422, "invalid_reference", ["reportsTo"]]);
    expect((await report(home.bob.agent.id)).status).toBe(200);

    const awayGoal = await db.goal.create({ data: { companyId: away.company.id, title: "Away goal" } });
    const homeGoal = await db.goal.create({ data: { companyId: home.company.id, title: "Home goal" } });
    const project = (goalId: string) =>
      callRoute(companyProjectsRoute.POST, "POST", "/p", { token: owner.token, params: { companyId: home.company.id }, body: { name: `P ${goalId}`, goalId } });
    expect(refusal(await project(awayGoal.id))).toEqual([422, "invalid_reference", ["goalId"]]);
    expect((await project(homeGoal.id)).status).toBe(201);
  });

  it("a user id belongs to the company only while the user is a member: not an instance admin outside it, not a former member", async () => {
    const home = await issueWorld();
    const admin = await seedUser({ admin: true });
    const member = await seedUser({ memberships: { [home.company.id]: "viewer" } });
    const issue = (await createIssue(home.company.id, home.board.token, { title: "Whose?" })).json;
    const assign = (assigneeUserId: string) => patchIssue(issue.id, home.board.token, { assigneeUserId });

    expect(refusal(await assign(admin.user.id))).toEqual([422, "invalid_reference", ["assigneeUserId"]]);
    expect((await assign(member.user.id)).status).toBe(200);
    await db.companyMembership.deleteMany({ where: { companyId: home.company.id, userId: member.user.id } });
    expect(refusal(await assign(member.user.id))).toEqual([422, "invalid_reference", ["assigneeUserId"]]);
  });
});
