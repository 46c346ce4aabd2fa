import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as companyRoutinesRoute from "@/app/api/companies/[companyId]/routines/route";
import * as routineRoute from "@/app/api/routines/[id]/route";
import * as runRoute from "@/app/api/routines/[id]/run/route";
import * as runsRoute from "@/app/api/routines/[id]/runs/route";
import * as triggersRoute from "@/app/api/routines/[id]/triggers/route";
import * as triggerRoute from "@/app/api/routine-triggers/[id]/route";
import * as rotateRoute from "@/app/api/routine-triggers/[id]/rotate-secret/route";
import * as fireRoute from "@/app/api/routine-triggers/public/[publicId]/fire/route";
import * as eventsRoute from "@/app/api/companies/[companyId]/events/route";
import { db } from "@/lib/db/client";
import { fireRoutine } from "@/lib/routines/fire";
import { callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";
import { openEventStream } from "./support/event-stream";
import { getIssue, patchIssue } from "./support/issues";
import { waitFor } from "./support/wait";

const createRoutine = (companyId: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  callRoute(companyRoutinesRoute.POST, "POST", `/api/companies/${companyId}/routines`, { token, params: { companyId }, body, headers });
const listRoutines = (companyId: string, token: string, query?: string) =>
  callRoute(companyRoutinesRoute.GET, "GET", `/api/companies/${companyId}/routines`, { token, params: { companyId }, query });
const getRoutine = (id: string, token: string) => callRoute(routineRoute.GET, "GET", `/api/routines/${id}`, { token, params: { id } });
const patchRoutine = (id: string, token: string, body: unknown) =>
  callRoute(routineRoute.PATCH, "PATCH", `/api/routines/${id}`, { token, params: { id }, body });
const deleteRoutine = (id: string, token: string) => callRoute(routineRoute.DELETE, "DELETE", `/api/routines/${id}`, { token, params: { id } });
const run = (id: string, token: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  callRoute(runRoute.POST, "POST", `/api/routines/${id}/run`, { token, params: { id }, body, headers });
const listRuns = (id: string, token: string) => callRoute(runsRoute.GET, "GET", `/api/routines/${id}/runs`, { token, params: { id } });
const addTrigger = (id: string, token: string, body: unknown) =>
  callRoute(triggersRoute.POST, "POST", `/api/routines/${id}/triggers`, { token, params: { id }, body });
const listTriggers = (id: string, token: string) => callRoute(triggersRoute.GET, "GET", `/api/routines/${id}/triggers`, { token, params: { id } });
const patchTrigger = (id: string, token: string, body: unknown) =>
  callRoute(triggerRoute.PATCH, "PATCH", `/api/routine-triggers/${id}`, { token, params: { id }, body });
const rotate = (id: string, token: string) => callRoute(rotateRoute.POST, "POST", `/api/routine-triggers/${id}/rotate-secret`, { token, params: { id } });
const fire = (publicId: string, rawBody: string, headers: Record<string, string>) =>
  callRoute(fireRoute.POST, "POST", `/api/routine-triggers/public/${publicId}/fire`, {
    params: { publicId },
    rawBody,
    headers: { "content-type": "application/json", ...headers },
  });

const sign = (secret: string, timestamp: string, body: string) => `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
const nowSeconds = () => String(Math.floor(Date.now() / 1000));
function signed(
  secret: string,
  body: string,
  timestamp = nowSeconds(),
  names = { signature: "x-switchboard-signature", timestamp: "x-switchboard-timestamp" },
) {
  return { [names.signature]: sign(secret, timestamp, body), [names.timestamp]: timestamp };
}

async function world() {
  const company = await seedCompany();
  const owner = await seedUser({ memberships: { [company.id]: "owner" } });
  const operator = await seedUser({ memberships: { [company.id]: "operator" } });
  const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
  const agent = await seedAgent(company.id, { name: "Rita" });
  return { company, owner, operator, viewer, agent };
}

const ROUTINE_KEYS = [
  "id",
  "companyId",
  "projectId",
  "goalId",
  "parentIssueId",
  "executionWorkspaceId",
  "title",
  "description",
  "assigneeAgentId",
  "priority",
  "status",
  "concurrencyPolicy",
  "catchUpPolicy",
  "variables",
  "createdByAgentId",
  "createdByUserId",
  "lastTriggeredAt",
  "lastEnqueuedAt",
  "createdAt",
  "updatedAt",
  "triggers",
  "lastRun",
  "activeIssue",
].sort();
const TRIGGER_KEYS = [
  "id",
  "routineId",
  "kind",
  "label",
  "enabled",
  "cronExpression",
  "timezone",
  "nextRunAt",
  "lastFiredAt",
  "publicId",
  "webhookUrl",
  "signingMode",
  "replayWindowSec",
  "lastRotatedAt",
  "lastResult",
  "createdAt",
  "updatedAt",
].sort();

describe("routines: CRUD and validation", () => {
  it("POST/GET/PATCH/DELETE /api/routines — the contract's shape, filters, and 422s naming each bad field", async () => {
    const { company, operator, agent } = await world();
    const other = await seedCompany();
    const foreignAgent = await seedAgent(other.id);

    const created = await createRoutine(company.id, operator.token, {
      title: "Daily triage {{date}}",
      description: "Look at {{area}}",
      assigneeAgentId: agent.agent.id,
      priority: "high",
      concurrencyPolicy: "always_enqueue",
      variables: [{ name: "area", type: "select", options: ["inbox", "bugs"], defaultValue: "inbox" }],
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json).sort()).toEqual(ROUTINE_KEYS);
    expect(created.json).toMatchObject({
      companyId: company.id,
      status: "active",
      priority: "high",
      concurrencyPolicy: "always_enqueue",
      catchUpPolicy: "skip_missed",
      createdByUserId: operator.user.id,
      triggers: [],
      lastRun: null,
      activeIssue: null,
      variables: [{ name: "area", type: "select", options: ["inbox", "bugs"], defaultValue: "inbox", required: true }],
    });

    const refused = await createRoutine(company.id, operator.token, { title: "x", assigneeAgentId: foreignAgent.agent.id, projectId: randomUUID() });
    expect(refused.status).toBe(422);
    expect(refused.json.code).toBe("invalid_reference");
    expect(refused.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["assigneeAgentId", "projectId"]);

    const badVariables = await createRoutine(company.id, operator.token, { title: "x", variables: [{ name: "a b", type: "select" }] });
    expect(badVariables.status).toBe(400);
    expect(badVariables.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["body.variables.0.name", "body.variables.0.options"]);

    const paused = await patchRoutine(created.json.id, operator.token, { status: "paused", title: "Renamed" });
    expect(paused.json).toMatchObject({ status: "paused", title: "Renamed", priority: "high" });
    expect((await listRoutines(company.id, operator.token, "status=paused")).json.map((r: { id: string }) => r.id)).toEqual([created.json.id]);
    expect((await listRoutines(company.id, operator.token, "status=active")).json).toEqual([]);
    expect((await listRoutines(company.id, operator.token, `assigneeAgentId=${agent.agent.id}`)).json).toHaveLength(1);

    const activity = await db.activityLog.findMany({ where: { entityId: created.json.id }, orderBy: { createdAt: "asc" } });
    expect(activity.map((entry) => entry.action)).toEqual(["routine.created", "routine.updated"]);

    const removed = await deleteRoutine(created.json.id, operator.token);
    expect(removed.status).toBe(204);
    expect((await getRoutine(created.json.id, operator.token)).status).toBe(404);
    expect(await db.activityLog.count({ where: { entityId: created.json.id, action: "routine.deleted" } })).toBe(1);
  });

  it("schedule triggers: 422 naming cronExpression or timezone; nextRunAt follows the cron in its zone; fields of another kind are 422", async () => {
    const { company, operator } = await world();
    const routine = (await createRoutine(company.id, operator.token, { title: "Nightly" })).json;

    const badCron = await addTrigger(routine.id, operator.token, { kind: "schedule", cronExpression: "61 * * * *" });
    expect(badCron.status).toBe(422);
    expect(badCron.json.invalid_params.map((p: { name: string }) => p.name)).toEqual(["cronExpression"]);
    const badZone = await addTrigger(routine.id, operator.token, { kind: "schedule", cronExpression: "0 9 * * *", timezone: "Mars/Olympus" });
    expect(badZone.status).toBe(422);
    expect(badZone.json.invalid_params.map((p: { name: string }) => p.name)).toEqual(["timezone"]);

    const before = Date.now();
    const created = await addTrigger(routine.id, operator.token, {
      kind: "schedule",
      cronExpression: "30 9 * * *",
      timezone: "Asia/Kolkata",
      label: "morning",
    });
    expect(created.status).toBe(201);
    expect(created.json.secretMaterial).toBeNull();
    expect(Object.keys(created.json.trigger).sort()).toEqual(TRIGGER_KEYS);
    const next = new Date(created.json.trigger.nextRunAt);
    // 09:30 in Kolkata is 04:00 UTC, within the next day.
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([4, 0]);
    expect(next.getTime() - before).toBeLessThanOrEqual(24 * 3600_000);
    expect(next.getTime()).toBeGreaterThan(before - 1000);

    const disabled = await patchTrigger(created.json.trigger.id, operator.token, { enabled: false });
    expect(disabled.json).toMatchObject({ enabled: false, nextRunAt: null });
    const moved = await patchTrigger(created.json.trigger.id, operator.token, { enabled: true, cronExpression: "0 12 * * *", timezone: "UTC" });
    expect(new Date(moved.json.nextRunAt).getUTCHours()).toBe(12);
    const wrongKind = await patchTrigger(created.json.trigger.id, operator.token, { replayWindowSec: 60 });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.json.invalid_params.map((p: { name: string }) => p.name)).toEqual(["replayWindowSec"]);

    // Paused through a month's slots and resumed: the schedule starts from now, so the pause is not caught up on.
    await patchRoutine(routine.id, operator.token, { status: "paused", catchUpPolicy: "enqueue_missed_with_cap" });
    const longAgo = new Date(Date.now() - 30 * 24 * 3600_000);
    await db.routineTrigger.update({ where: { id: created.json.trigger.id }, data: { nextRunAt: longAgo } });
    const stillPaused = await patchRoutine(routine.id, operator.token, { title: "Nightly, renamed" });
    expect(new Date(stillPaused.json.triggers[0].nextRunAt)).toEqual(longAgo);
    const resumed = await patchRoutine(routine.id, operator.token, { status: "active" });
    expect(new Date(resumed.json.triggers[0].nextRunAt).getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(new Date(resumed.json.triggers[0].nextRunAt).getUTCHours()).toBe(12);
  });
});

describe("routines: running", () => {
  it("POST /api/routines/:id/run — creates the issue through the create path: variables, origin, the assignee woken, activity", async () => {
    const { company, operator, agent } = await world();
    const routine = (
      await createRoutine(company.id, operator.token, {
        title: "Report for {{customer}} on {{date}} ({{routine.title}}) {{unknown}}",
        description: "Count: {{count}}; urgent: {{urgent}}",
        assigneeAgentId: agent.agent.id,
        priority: "critical",
        variables: [
          { name: "customer", type: "text" },
          { name: "count", type: "number", defaultValue: 3 },
          { name: "urgent", type: "boolean", required: false },
        ],
      })
    ).json;

    const missing = await run(routine.id, operator.token, {});
    expect(missing.status).toBe(422);
    expect(missing.json.code).toBe("routine_variables_invalid");
    expect(missing.json.invalid_params).toEqual([{ name: "variables.customer", reason: expect.any(String) }]);
    const wrongType = await run(routine.id, operator.token, { variables: { customer: "Acme", count: "many" } });
    expect(wrongType.json.invalid_params.map((p: { name: string }) => p.name)).toEqual(["variables.count"]);
    expect(await db.routineRun.count({ where: { routineId: routine.id } })).toBe(0);

    const stream = await openEventStream(eventsRoute.GET, `/api/companies/${company.id}/events`, { token: operator.token, params: { companyId: company.id } });
    await waitFor(() => stream.ofType("ready").length === 1, "the event stream to be ready");
    const ran = await run(routine.id, operator.token, { variables: { customer: "Acme" }, payload: { urgent: "yes" } });
    expect(ran.status).toBe(201);
    await waitFor(
      () => stream.ofType("routine.run_created").some((event) => event.entityType === "routine" && event.entityId === routine.id),
      "routine.run_created",
    );
    await waitFor(() => stream.ofType("issue.created").some((event) => event.entityId === ran.json.issue.id), "issue.created");
    await stream.close();
    const today = new Date().toISOString().slice(0, 10);
    expect(ran.json.run).toMatchObject({ routineId: routine.id, source: "manual", status: "issue_created", triggerId: null, linkedIssueId: ran.json.issue.id });
    expect(ran.json.run.linkedIssue).toMatchObject({ id: ran.json.issue.id, identifier: ran.json.issue.identifier, status: "todo" });
    expect(ran.json.issue).toMatchObject({
      title: `Report for Acme on ${today} (Report for {{customer}} on {{date}} ({{routine.title}}) {{unknown}}) {{unknown}}`,
      description: "Count: 3; urgent: true",
      assigneeAgentId: agent.agent.id,
      priority: "critical",
      status: "todo",
      originKind: "routine_execution",
      originId: routine.id,
      originRunId: ran.json.run.id,
      createdByUserId: operator.user.id,
    });
    const fetched = await getIssue(ran.json.issue.id, operator.token);
    expect(fetched.json).toMatchObject({ originKind: "routine_execution", originId: routine.id, originRunId: ran.json.run.id });

    const wakes = await db.agentWakeupRequest.findMany({ where: { agentId: agent.agent.id, issueId: ran.json.issue.id } });
    expect(wakes.map((wake) => wake.reason)).toEqual(["issue_assigned"]);
    const triggered = await db.activityLog.findFirstOrThrow({ where: { entityId: routine.id, action: "routine.triggered" } });
    expect(triggered).toMatchObject({ actorType: "user", actorId: operator.user.id });
    expect(await db.activityLog.count({ where: { entityId: ran.json.issue.id, action: "issue.created" } })).toBe(1);

    const detail = (await getRoutine(routine.id, operator.token)).json;
    expect(detail.lastRun.id).toBe(ran.json.run.id);
    expect(detail.activeIssue).toEqual({ id: ran.json.issue.id, identifier: ran.json.issue.identifier, title: ran.json.issue.title, status: "todo" });
    expect(detail.lastTriggeredAt).not.toBeNull();
  });

  it("a workspace routine's issue carries the workspace's name, branch and path and is bound to it; a run can name another workspace", async () => {
    const { company, operator, agent } = await world();
    const project = await db.project.create({ data: { companyId: company.id, name: "Site", urlKey: "site" } });
    const workspace = await db.executionWorkspace.create({
      data: { companyId: company.id, projectId: project.id, name: "feature-login", branchName: "feature/login", cwd: "/work/trees/feature-login" },
    });
    const second = await db.executionWorkspace.create({
      data: { companyId: company.id, projectId: project.id, name: "hotfix", branchName: "hotfix/1", cwd: "/work/trees/hotfix" },
    });
    const routine = (
      await createRoutine(company.id, operator.token, {
        title: "Check {{workspace.name}} on {{workspace.branch}}",
        description: "cd {{workspace.path}}",
        assigneeAgentId: agent.agent.id,
        executionWorkspaceId: workspace.id,
        concurrencyPolicy: "always_enqueue",
      })
    ).json;
    expect((await listRoutines(company.id, operator.token, `executionWorkspaceId=${workspace.id}`)).json.map((r: { id: string }) => r.id)).toEqual([
      routine.id,
    ]);

    const ran = await run(routine.id, operator.token);
    expect(ran.json.issue).toMatchObject({
      title: "Check feature-login on feature/login",
      description: "cd /work/trees/feature-login",
      executionWorkspaceId: workspace.id,
      executionWorkspacePreference: "reuse_existing",
      projectId: project.id,
    });
    const against = await run(routine.id, operator.token, { executionWorkspaceId: second.id });
    expect(against.json.issue).toMatchObject({ title: "Check hotfix on hotfix/1", executionWorkspaceId: second.id });

    const foreign = await seedCompany();
    const foreignProject = await db.project.create({ data: { companyId: foreign.id, name: "Away", urlKey: "away" } });
    const foreignWorkspace = await db.executionWorkspace.create({ data: { companyId: foreign.id, projectId: foreignProject.id, name: "away" } });
    const refused = await run(routine.id, operator.token, { executionWorkspaceId: foreignWorkspace.id });
    expect(refused.status).toBe(422);
    expect(refused.json.invalid_params.map((p: { name: string }) => p.name)).toEqual(["executionWorkspaceId"]);
  });

  it("skip_if_active skips while the last issue is open and fires after it is done; coalesce_if_active records the run it joined", async () => {
    const { company, operator, agent } = await world();
    const routine = (await createRoutine(company.id, operator.token, { title: "Sweep", assigneeAgentId: agent.agent.id })).json;
    const first = await run(routine.id, operator.token);
    const second = await run(routine.id, operator.token);
    expect(second.status).toBe(201);
    expect(second.json).toMatchObject({ issue: null, run: { status: "skipped", linkedIssueId: null } });
    expect(second.json.run.failureReason).toContain(first.json.issue.identifier);

    expect((await patchIssue(first.json.issue.id, operator.token, { status: "done" })).status).toBe(200);
    const third = await run(routine.id, operator.token);
    expect(third.json.run.status).toBe("issue_created");
    expect(third.json.issue.id).not.toBe(first.json.issue.id);

    await patchRoutine(routine.id, operator.token, { concurrencyPolicy: "coalesce_if_active" });
    const fourth = await run(routine.id, operator.token);
    expect(fourth.json.run).toMatchObject({ status: "coalesced", coalescedIntoRunId: third.json.run.id, linkedIssueId: third.json.issue.id });
    expect(await db.issue.count({ where: { originId: routine.id } })).toBe(2);

    const runs = (await listRuns(routine.id, operator.token)).json;
    expect(runs.map((r: { status: string }) => r.status)).toEqual(["coalesced", "issue_created", "skipped", "issue_created"]);
  });

  it("concurrent runs under skip_if_active create one issue; the same idempotencyKey returns the first run", async () => {
    const { company, operator, agent } = await world();
    const routine = (await createRoutine(company.id, operator.token, { title: "Once", assigneeAgentId: agent.agent.id })).json;
    const racing = await Promise.all(Array.from({ length: 4 }, () => run(routine.id, operator.token)));
    expect(racing.map((r) => r.json.run.status).sort()).toEqual(["issue_created", "skipped", "skipped", "skipped"]);

    await patchRoutine(routine.id, operator.token, { concurrencyPolicy: "always_enqueue" });
    const keyed = await Promise.all(Array.from({ length: 3 }, () => run(routine.id, operator.token, { idempotencyKey: "deploy-42" })));
    expect(new Set(keyed.map((r) => r.json.run.id)).size).toBe(1);
    expect(await db.routineRun.count({ where: { routineId: routine.id, idempotencyKey: "deploy-42" } })).toBe(1);
  });

  it("a paused or archived routine refuses a manual run with 409 routine_not_active and records nothing", async () => {
    const { company, operator } = await world();
    const routine = (await createRoutine(company.id, operator.token, { title: "Quiet", status: "paused" })).json;
    const paused = await run(routine.id, operator.token);
    expect([paused.status, paused.json.code]).toEqual([409, "routine_not_active"]);
    await patchRoutine(routine.id, operator.token, { status: "archived" });
    expect((await run(routine.id, operator.token)).json.code).toBe("routine_not_active");
    expect(await db.routineRun.count({ where: { routineId: routine.id } })).toBe(0);
  });

  it("fireRoutine claims a schedule slot once: concurrent fires of one slot make one run and one issue; a scheduled fire without its variables records a failed run", async () => {
    const { company, operator, agent } = await world();
    const routine = (
      await createRoutine(company.id, operator.token, { title: "Tick {{date}}", assigneeAgentId: agent.agent.id, concurrencyPolicy: "always_enqueue" })
    ).json;
    const trigger = (await addTrigger(routine.id, operator.token, { kind: "schedule", cronExpression: "* * * * *" })).json.trigger;
    const slot = new Date("2026-12-04T10:00:00.000Z");
    const results = await Promise.all(
      Array.from({ length: 4 }, () => fireRoutine(routine.id, { source: "schedule", triggerId: trigger.id, scheduledFor: slot, actor: null })),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.run.id)).size).toBe(1);
    expect(results.filter((result) => result.issue)).toHaveLength(1);
    const issue = await db.issue.findFirstOrThrow({ where: { originId: routine.id } });
    expect(issue).toMatchObject({ createdByUserId: null, createdByAgentId: null, originRunId: results[0].run.id });
    const created = await db.activityLog.findFirstOrThrow({ where: { entityId: issue.id, action: "issue.created" } });
    expect(created).toMatchObject({ actorType: "system", actorId: "system" });

    await patchRoutine(routine.id, operator.token, { variables: [{ name: "needed", type: "text" }] });
    const failed = await fireRoutine(routine.id, {
      source: "schedule",
      triggerId: trigger.id,
      scheduledFor: new Date("2026-12-04T10:01:00.000Z"),
      actor: null,
    });
    expect(failed.run).toMatchObject({ status: "failed", linkedIssueId: null });
    expect(failed.run.failureReason).toContain("variables.needed");

    await patchRoutine(routine.id, operator.token, { status: "paused" });
    const skipped = await fireRoutine(routine.id, {
      source: "schedule",
      triggerId: trigger.id,
      scheduledFor: new Date("2026-12-04T10:02:00.000Z"),
      actor: null,
    });
    expect(skipped.run).toMatchObject({ status: "skipped", failureReason: "Routine is paused" });
  });
});

describe("routines: webhooks", () => {
  async function webhookRoutine(extra: Record<string, unknown> = {}) {
    const w = await world();
    const routine = (
      await createRoutine(w.company.id, w.operator.token, {
        title: "Deploy {{service}}",
        assigneeAgentId: w.agent.agent.id,
        concurrencyPolicy: "always_enqueue",
        variables: [{ name: "service", type: "text" }],
      })
    ).json;
    const created = await addTrigger(routine.id, w.operator.token, { kind: "webhook", ...extra });
    return { ...w, routine, created };
  }

  it("secretMaterial once; never in GET; bad or missing signature 401 with nothing recorded; a good one 202 with the issue; replays outside the window 401", async () => {
    const { operator, routine, created, agent } = await webhookRoutine();
    expect(created.status).toBe(201);
    const { trigger, secretMaterial } = created.json;
    expect(secretMaterial).toEqual({ secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/), webhookUrl: trigger.webhookUrl, signingMode: "hmac_sha256" });
    expect(trigger).toMatchObject({ kind: "webhook", signingMode: "hmac_sha256", replayWindowSec: 300, publicId: expect.any(String) });
    expect(trigger.webhookUrl).toMatch(new RegExp(`/api/routine-triggers/public/${trigger.publicId}/fire$`));
    const secret: string = secretMaterial.secret;
    for (const response of [
      await getRoutine(routine.id, operator.token),
      await listTriggers(routine.id, operator.token),
      await listRoutines(routine.companyId, operator.token),
    ]) {
      expect(JSON.stringify(response.json)).not.toContain(secret);
    }

    const body = JSON.stringify({ service: "api", commit: "abc123" });
    const unsigned = await fire(trigger.publicId, body, {});
    const wrong = await fire(trigger.publicId, body, signed("whsec_wrong", body));
    const tampered = await fire(trigger.publicId, JSON.stringify({ service: "web" }), signed(secret, body));
    for (const response of [unsigned, wrong, tampered]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(response.json.code).toBe("webhook_signature_invalid");
    }
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    expect((await fire(trigger.publicId, body, signed(secret, body, stale))).status).toBe(401);
    const ahead = String(Math.floor(Date.now() / 1000) + 301);
    expect((await fire(trigger.publicId, body, signed(secret, body, ahead))).status).toBe(401);
    expect(await db.routineRun.count({ where: { routineId: routine.id } })).toBe(0);
    expect((await fire("no-such-public-id", body, signed(secret, body))).status).toBe(404);

    const good = await fire(trigger.publicId, body, signed(secret, body));
    expect(good.status).toBe(202);
    expect(good.json).toEqual({ runId: expect.any(String), status: "issue_created", issueId: expect.any(String) });
    const issue = await db.issue.findUniqueOrThrow({ where: { id: good.json.issueId } });
    expect(issue).toMatchObject({ title: "Deploy api", originKind: "routine_execution", originRunId: good.json.runId, assigneeAgentId: agent.agent.id });
    const runRow = await db.routineRun.findUniqueOrThrow({ where: { id: good.json.runId } });
    expect(runRow).toMatchObject({ source: "webhook", triggerId: trigger.id, triggerPayload: { service: "api", commit: "abc123" } });
    expect(await db.agentWakeupRequest.count({ where: { issueId: issue.id, reason: "issue_assigned" } })).toBe(1);
    const activity = await db.activityLog.findFirstOrThrow({ where: { entityId: routine.id, action: "routine.triggered" } });
    expect(activity).toMatchObject({ actorType: "system" });
    expect(JSON.stringify(await db.activityLog.findMany({ where: { companyId: routine.companyId } }))).not.toContain(secret);
    expect((await getRoutine(routine.id, operator.token)).json.triggers[0].lastFiredAt).not.toBeNull();

    // Paperclip's own headers, with its millisecond timestamps, are accepted too.
    const millis = String(Date.now());
    const paperclip = await fire(
      trigger.publicId,
      body,
      signed(secret, body, millis, { signature: "x-paperclip-signature", timestamp: "x-paperclip-timestamp" }),
    );
    expect(paperclip.status).toBe(202);
  });

  it("rotate-secret invalidates the old secret; a replayed signed delivery makes one run, whatever its Idempotency-Key; disabled is 409; a paused routine's delivery is a skipped run", async () => {
    const { operator, viewer, routine, created } = await webhookRoutine();
    const { trigger, secretMaterial } = created.json;
    const body = JSON.stringify({ service: "worker" });

    expect((await rotate(trigger.id, viewer.token)).status).toBe(403);
    const rotated = await rotate(trigger.id, operator.token);
    expect(rotated.status).toBe(200);
    expect(rotated.json.secretMaterial.secret).not.toBe(secretMaterial.secret);
    expect(rotated.json.trigger.lastRotatedAt).not.toBeNull();
    expect((await fire(trigger.publicId, body, signed(secretMaterial.secret, body))).status).toBe(401);
    const secret = rotated.json.secretMaterial.secret;

    // A signed delivery is its own key: the same request replayed, whatever Idempotency-Key it is given, is one run.
    const delivery = signed(secret, body);
    const deliveries = await Promise.all(
      ["delivery-7", "delivery-7", "forged-8", undefined].map((key) =>
        fire(trigger.publicId, body, { ...delivery, ...(key ? { "idempotency-key": key } : {}) }),
      ),
    );
    expect(deliveries.map((response) => response.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(deliveries.map((response) => response.json.runId)).size).toBe(1);
    expect(await db.routineRun.count({ where: { routineId: routine.id } })).toBe(1);
    expect(await db.issue.count({ where: { originId: routine.id } })).toBe(1);
    // A new delivery signs a new timestamp, so it is a new run.
    const later = String(Number(nowSeconds()) + 1);
    expect((await fire(trigger.publicId, body, signed(secret, body, later))).json.runId).not.toBe(deliveries[0].json.runId);

    await patchTrigger(trigger.id, operator.token, { enabled: false });
    const disabled = await fire(trigger.publicId, body, signed(secret, body, String(Number(nowSeconds()) + 2)));
    expect([disabled.status, disabled.json.code]).toEqual([409, "routine_trigger_disabled"]);
    await patchTrigger(trigger.id, operator.token, { enabled: true });

    await patchRoutine(routine.id, operator.token, { status: "paused" });
    const paused = await fire(trigger.publicId, body, signed(secret, body, String(Number(nowSeconds()) + 3)));
    expect(paused.status).toBe(202);
    expect(paused.json).toMatchObject({ status: "skipped", issueId: null });
  });

  it("bearer mode: Authorization: Bearer <secret> fires it, anything else is 401", async () => {
    const { created, routine } = await webhookRoutine({ signingMode: "bearer" });
    const { trigger, secretMaterial } = created.json;
    const body = JSON.stringify({ variables: { service: "cron" } });
    expect((await fire(trigger.publicId, body, { authorization: "Bearer whsec_nope" })).status).toBe(401);
    expect((await fire(trigger.publicId, body, signed(secretMaterial.secret, body))).status).toBe(401);
    const good = await fire(trigger.publicId, body, { authorization: `Bearer ${secretMaterial.secret}` });
    expect(good.status).toBe(202);
    expect((await db.issue.findUniqueOrThrow({ where: { id: good.json.issueId } })).title).toBe("Deploy cron");
    expect(await db.routineRun.count({ where: { routineId: routine.id } })).toBe(1);
  });
});

describe("routines: Paperclip clients", () => {
  it("Paperclip's extra fields on create, run and webhook triggers are ignored and named in X-Switchboard-Ignored-Fields; github_hmac signs the body alone", async () => {
    const { company, operator, agent } = await world();
    const created = await createRoutine(company.id, operator.token, { title: "Audit", assigneeAgentId: agent.agent.id, env: { TOKEN: "x" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-switchboard-ignored-fields")).toBe("env");
    const ran = await run(created.json.id, operator.token, { source: "manual", triggerId: randomUUID(), projectId: null, payload: { reason: "check" } });
    expect(ran.status).toBe(201);
    expect(ran.headers.get("x-switchboard-ignored-fields")).toBe("triggerId, projectId");
    expect(ran.json.run).toMatchObject({ source: "manual", triggerId: null, triggerPayload: { reason: "check" } });

    await patchRoutine(created.json.id, operator.token, { concurrencyPolicy: "always_enqueue" });
    const github = (await addTrigger(created.json.id, operator.token, { kind: "webhook", signingMode: "github_hmac" })).json;
    const body = JSON.stringify({ action: "opened" });
    const signature = `sha256=${createHmac("sha256", github.secretMaterial.secret).update(body).digest("hex")}`;
    // The last hex digit changed (to 0, or to 1 where it was 0), so the signature is wrong whatever it was.
    const tampered = signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0");
    expect((await fire(github.trigger.publicId, body, { "x-hub-signature-256": tampered })).status).toBe(401);
    expect((await fire(github.trigger.publicId, body, { "x-hub-signature-256": signature })).status).toBe(202);
  });
});

describe("routines: access", () => {
  it("viewers read but get 403 on writes and runs; another company's members and agents get 404", async () => {
    const { company, operator, viewer } = await world();
    const routine = (await createRoutine(company.id, operator.token, { title: "Shared" })).json;
    expect((await listRoutines(company.id, viewer.token)).json).toHaveLength(1);
    expect((await getRoutine(routine.id, viewer.token)).status).toBe(200);
    for (const response of [
      await createRoutine(company.id, viewer.token, { title: "Mine" }),
      await patchRoutine(routine.id, viewer.token, { title: "Mine" }),
      await run(routine.id, viewer.token),
      await addTrigger(routine.id, viewer.token, { kind: "api" }),
      await deleteRoutine(routine.id, viewer.token),
    ]) {
      expect([response.status, response.json.code]).toEqual([403, "insufficient_role"]);
    }

    const outsider = await seedCompany();
    const stranger = await seedUser({ memberships: { [outsider.id]: "owner" } });
    const strangerAgent = await seedAgent(outsider.id);
    for (const token of [stranger.token, strangerAgent.token]) {
      expect((await getRoutine(routine.id, token)).status).toBe(404);
      expect((await run(routine.id, token)).status).toBe(404);
      expect((await listRuns(routine.id, token)).status).toBe(404);
      expect((await listTriggers(routine.id, token)).status).toBe(404);
      expect((await patchRoutine(routine.id, token, { title: "x" })).status).toBe(404);
      expect((await listRoutines(company.id, token)).status).toBe(404);
    }
    const trigger = (await addTrigger(routine.id, operator.token, { kind: "webhook" })).json.trigger;
    expect((await patchTrigger(trigger.id, stranger.token, { enabled: false })).status).toBe(404);
    expect((await rotate(trigger.id, strangerAgent.token)).status).toBe(404);
    expect(await db.routineRun.count({ where: { routineId: routine.id } })).toBe(0);
  });

  it("agents manage and run routines assigned to themselves; others' need permissions.canAssignTasks", async () => {
    const { company, operator, agent } = await world();
    const peer = await seedAgent(company.id, { name: "Pat" });
    const manager = await seedAgent(company.id, { name: "Max", permissions: { canAssignTasks: true } });

    const own = await createRoutine(company.id, agent.token, { title: "My chores" });
    expect(own.status).toBe(201);
    expect(own.json).toMatchObject({ assigneeAgentId: agent.agent.id, createdByAgentId: agent.agent.id });
    // Like any issue create by an agent, a run names the agent's heartbeat run.
    expect((await run(own.json.id, agent.token)).json.code).toBe("run_id_required");
    const ran = await run(own.json.id, agent.token, {}, { "x-paperclip-run-id": randomUUID() });
    expect(ran.status).toBe(201);
    expect(ran.json.issue).toMatchObject({ assigneeAgentId: agent.agent.id, createdByAgentId: agent.agent.id });

    const forPeer = await createRoutine(company.id, agent.token, { title: "Peer's", assigneeAgentId: peer.agent.id });
    expect([forPeer.status, forPeer.json.code]).toEqual([403, "routine_not_own"]);
    const peers = (await createRoutine(company.id, operator.token, { title: "Peer's", assigneeAgentId: peer.agent.id })).json;
    expect((await run(peers.id, agent.token, {}, { "x-paperclip-run-id": randomUUID() })).json.code).toBe("routine_not_own");
    expect((await patchRoutine(peers.id, agent.token, { title: "Taken" })).json.code).toBe("routine_not_own");
    expect((await patchRoutine(own.json.id, agent.token, { assigneeAgentId: peer.agent.id })).json.code).toBe("routine_not_own");
    expect((await getRoutine(peers.id, agent.token)).status).toBe(200);

    expect((await run(peers.id, manager.token, {}, { "x-paperclip-run-id": randomUUID() })).status).toBe(201);
    expect((await createRoutine(company.id, manager.token, { title: "Delegated", assigneeAgentId: peer.agent.id })).status).toBe(201);
  });
});
