// Company isolation matrix: every operation with a path parameter is called with company B's ids using
// company A's owner key and A's agent key. Nothing of B may be read or changed. New routes must add a resolver.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminBoardKey, bearer, companyWithOwner, gitRepo, inviteToCompany, json } from "../support";

type Tenant = {
  companyId: string;
  ownerUserId: string;
  ownerKey: string;
  ownerKeyId: string;
  agentId: string;
  agentKey: string;
  agentKeyId: string;
  projectId: string;
  goalId: string;
  labelId: string;
  savedViewId: string;
  routineId: string;
  routineTriggerId: string;
  routinePublicId: string;
  issueId: string;
  commentId: string;
  attachmentId: string;
  planRevisionId: string;
  interactionId: string;
  approvalId: string;
  runId: string;
  projectWorkspaceId: string;
  executionWorkspaceId: string;
  operationId: string;
  environmentId: string;
  invitationId: string;
  skillId: string;
};

/** Paths with a parameter that hold nothing of any company, each with the reason; every other path needs a resolver. */
const SHARED_BY_ALL: Record<string, string> = {
  "/api/skills/{name}": "Skills shipped with the server, the same for every caller",
};

const RESOLVERS: [RegExp, (b: Tenant) => Record<string, string>][] = [
  [/^\/api\/companies\/\{companyId\}\/members\/\{userId\}$/, (b) => ({ companyId: b.companyId, userId: b.ownerUserId })],
  [/^\/api\/companies\/\{companyId\}\/invitations\/\{invitationId\}$/, (b) => ({ companyId: b.companyId, invitationId: b.invitationId })],
  [/^\/api\/companies\/\{companyId\}\/skills\/\{skillId\}(\/|$)/, (b) => ({ companyId: b.companyId, skillId: b.skillId })],
  [/^\/api\/companies\/\{companyId\}(\/|$)/, (b) => ({ companyId: b.companyId })],
  [/^\/api\/agents\/\{id\}\/keys\/\{keyId\}$/, (b) => ({ id: b.agentId, keyId: b.agentKeyId })],
  [/^\/api\/agents\/\{id\}(\/|$)/, (b) => ({ id: b.agentId })],
  [/^\/api\/projects\/\{id\}\/workspaces\/\{workspaceId\}(\/|$)/, (b) => ({ id: b.projectId, workspaceId: b.projectWorkspaceId, action: "start" })],
  [/^\/api\/projects\/\{id\}(\/|$)/, (b) => ({ id: b.projectId })],
  [/^\/api\/execution-workspaces\/\{id\}(\/|$)/, (b) => ({ id: b.executionWorkspaceId, action: "start" })],
  [/^\/api\/workspace-operations\/\{operationId\}(\/|$)/, (b) => ({ operationId: b.operationId })],
  [/^\/api\/goals\/\{id\}(\/|$)/, (b) => ({ id: b.goalId })],
  [/^\/api\/labels\/\{id\}$/, (b) => ({ id: b.labelId })],
  [/^\/api\/saved-views\/\{id\}$/, (b) => ({ id: b.savedViewId })],
  [/^\/api\/routines\/\{id\}(\/|$)/, (b) => ({ id: b.routineId })],
  [/^\/api\/routine-triggers\/public\/\{publicId\}\//, (b) => ({ publicId: b.routinePublicId })],
  [/^\/api\/routine-triggers\/\{id\}(\/|$)/, (b) => ({ id: b.routineTriggerId })],
  [/^\/api\/environments\/\{id\}(\/|$)/, (b) => ({ id: b.environmentId })],
  [/^\/api\/issues\/\{id\}\/comments\/\{commentId\}$/, (b) => ({ id: b.issueId, commentId: b.commentId })],
  [/^\/api\/issues\/\{id\}\/attachments\/\{attachmentId\}$/, (b) => ({ id: b.issueId, attachmentId: b.attachmentId })],
  [/^\/api\/issues\/\{id\}\/documents\/\{key\}(\/|$)/, (b) => ({ id: b.issueId, key: "plan", revisionId: b.planRevisionId })],
  [/^\/api\/issues\/\{id\}\/interactions\/\{interactionId\}\//, (b) => ({ id: b.issueId, interactionId: b.interactionId })],
  [/^\/api\/issues\/\{id\}\/approvals\/\{approvalId\}$/, (b) => ({ id: b.issueId, approvalId: b.approvalId })],
  [/^\/api\/approvals\/\{id\}(\/|$)/, (b) => ({ id: b.approvalId })],
  [/^\/api\/heartbeat-runs\/\{runId\}(\/|$)/, (b) => ({ runId: b.runId })],
  [/^\/api\/issues\/\{id\}(\/|$)/, (b) => ({ id: b.issueId })],
  [/^\/api\/board-api-keys\/\{keyId\}$/, (b) => ({ keyId: b.ownerKeyId })],
  [/^\/api\/users\/\{userId\}$/, (b) => ({ userId: b.ownerUserId })],
];

// Mutations whose body is validated before the target is looked up get a valid body, so the probe reaches the lookup.
const VALID_BODIES: [RegExp, (a: Tenant) => Record<string, unknown>][] = [
  [/^POST \/api\/issues\/\{id\}\/checkout$/, (a) => ({ agentId: a.agentId, expectedStatuses: ["todo", "backlog"] })],
  [/^POST \/api\/issues\/\{id\}\/comments$/, () => ({ body: "probe" })],
  [/^PATCH \/api\/agents\/\{id\}\/instructions-path$/, () => ({ path: "AGENTS.md" })],
  [/^POST \/api\/agents\/\{id\}\/skills\/sync$/, () => ({ desiredSkills: [] })],
  [/^PUT \/api\/issues\/\{id\}\/documents\/\{key\}$/, () => ({ format: "markdown", body: "probe" })],
  [/^POST \/api\/issues\/\{id\}\/interactions$/, () => ({ kind: "request_confirmation", payload: { version: 1, prompt: "probe" } })],
  [/^POST \/api\/issues\/\{id\}\/interactions\/\{interactionId\}\/respond$/, () => ({ answers: [] })],
  [/^POST \/api\/issues\/\{id\}\/approvals$/, (a) => ({ approvalId: a.approvalId })],
  [/^POST \/api\/approvals\/\{id\}\/comments$/, () => ({ body: "probe" })],
  [/^POST \/api\/companies\/\{companyId\}\/approvals$/, () => ({ type: "request_board_approval", payload: { title: "probe" } })],
  [/^POST \/api\/issues\/\{id\}\/attachments$/, () => ({ type: "note", content: "probe" })],
  [/^POST \/api\/issues\/\{id\}\/thoughts$/, () => ({ thought: "probe" })],
  [/^POST \/api\/issues\/\{id\}\/file-marks$/, () => ({ files: ["probe.txt"] })],
  [/^POST \/api\/issues\/\{id\}\/metrics$/, () => ({ costUsd: 0.01 })],
  [/^POST \/api\/routines\/\{id\}\/triggers$/, () => ({ kind: "api" })],
  [/^POST \/api\/projects\/\{id\}\/workspaces$/, () => ({ name: "probe" })],
  [/^POST \/api\/issues\/\{id\}\/workspace-conflict\/resolve$/, () => ({ resolution: "fresh_workspace" })],
  [/^(PUT|POST) \/api\/projects\/\{id\}\/workflow(\/validate)?$/, () => ({ source: "settings:\n  initial_state: todo\nstates:\n  todo: {}\n" })],
];

async function createTenant(request: APIRequestContext, adminKey: string, baseURL: string, name: string): Promise<Tenant> {
  const admin = bearer(adminKey);
  const {
    company,
    owner,
    email,
    ownerKeys: [ownerKey],
  } = await companyWithOwner(request, adminKey, baseURL, name);
  const invitationId = await inviteToCompany(request, ownerKey.token, company.id, `invitee-${email}`);
  const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { headers: admin, data: { name: `${name} Agent` } }), 201);
  const agentKey = await json(await request.post(`/api/agents/${agent.id}/keys`, { headers: admin, data: {} }), 201);
  const project = await json(await request.post(`/api/companies/${company.id}/projects`, { headers: admin, data: { name: `${name} Project` } }), 201);
  const goal = await json(await request.post(`/api/companies/${company.id}/goals`, { headers: admin, data: { title: `${name} Goal` } }), 201);
  const label = await json(
    await request.post(`/api/companies/${company.id}/labels`, { headers: admin, data: { name: `${name} label`, color: "#2563eb" } }),
    201,
  );
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, { headers: admin, data: { title: `${name} Issue`, assigneeAgentId: agent.id } }),
    201,
  );
  const comment = await json(await request.post(`/api/issues/${issue.id}/comments`, { headers: admin, data: { body: "secret plans" } }), 201);
  const attachment = await json(
    await request.post(`/api/issues/${issue.id}/attachments`, { headers: admin, data: { type: "note", content: "secret evidence" } }),
    201,
  );
  const plan = await json(
    await request.put(`/api/issues/${issue.id}/documents/plan`, { headers: admin, data: { format: "markdown", body: "secret plan" } }),
    201,
  );
  const target = { type: "issue_document", key: "plan", revisionId: plan.latestRevisionId };
  const interaction = await json(
    await request.post(`/api/issues/${issue.id}/interactions`, {
      headers: admin,
      data: { kind: "request_confirmation", payload: { version: 1, prompt: "Accept?", target } },
    }),
    201,
  );
  const runId = crypto.randomUUID();
  await json(
    await request.post(`/api/issues/${issue.id}/comments`, {
      headers: { ...bearer(agentKey.token), "x-paperclip-run-id": runId },
      data: { body: "from a run" },
    }),
    201,
  );
  const repo = gitRepo();
  const projectWorkspace = await json(
    await request.post(`/api/projects/${project.id}/workspaces`, {
      headers: admin,
      data: {
        name: "main",
        cwd: repo,
        repoRef: "main",
        runtimeConfig: { workspaceRuntime: { commands: [{ id: "job", name: "job", kind: "job", command: "echo secret" }] } },
      },
    }),
    201,
  );
  await json(
    await request.patch(`/api/projects/${project.id}`, {
      headers: admin,
      data: { executionWorkspacePolicy: { enabled: true, defaultMode: "isolated_workspace" } },
    }),
    200,
  );
  const workIssue = await json(
    await request.post(`/api/companies/${company.id}/issues`, {
      headers: admin,
      data: { title: `${name} Work`, projectId: project.id, assigneeAgentId: agent.id },
    }),
    201,
  );
  const checkedOut = await json(
    await request.post(`/api/issues/${workIssue.id}/checkout`, {
      headers: { ...bearer(agentKey.token), "x-paperclip-run-id": runId },
      data: { agentId: agent.id, expectedStatuses: ["todo"] },
    }),
    200,
  );
  const operations = await json(
    await request.get(`/api/execution-workspaces/${checkedOut.executionWorkspaceId}/workspace-operations`, { headers: admin }),
    200,
  );
  const environment = await json(
    await request.post(`/api/companies/${company.id}/environments`, {
      headers: admin,
      data: { name: `${name} Env`, driver: "local", envVars: { SB_SECRET_ENDPOINT: "internal" } },
    }),
    201,
  );
  const approval = await json(
    await request.post(`/api/companies/${company.id}/approvals`, {
      headers: admin,
      data: { type: "request_board_approval", payload: { title: "Spend" }, issueIds: [issue.id] },
    }),
    201,
  );
  const skill = await json(
    await request.post(`/api/companies/${company.id}/skills`, {
      headers: admin,
      data: { markdown: `---\nname: ${company.id.slice(0, 8)}-secret\n---\n\nSecret steps.\n` },
    }),
    201,
  );
  await json(await request.post(`/api/agents/${agent.id}/skills/sync`, { headers: admin, data: { desiredSkills: [skill.key] } }), 200);
  await json(
    await request.patch(`/api/agents/${agent.id}/instructions-bundle`, {
      headers: admin,
      data: { files: [{ path: "AGENTS.md", content: "Secret instructions.\n" }] },
    }),
    200,
  );
  // A saved view belongs to one board user: B's owner saves it, so A's owner is the other user probing it.
  const savedView = await json(
    await request.post(`/api/companies/${company.id}/saved-views`, { headers: bearer(ownerKey.token), data: { name: `${name} view`, query: "status=todo" } }),
    201,
  );
  const routine = await json(
    await request.post(`/api/companies/${company.id}/routines`, { headers: admin, data: { title: `${name} routine`, assigneeAgentId: agent.id } }),
    201,
  );
  const webhook = await json(await request.post(`/api/routines/${routine.id}/triggers`, { headers: admin, data: { kind: "webhook" } }), 201);
  return {
    companyId: company.id,
    routineId: routine.id,
    routineTriggerId: webhook.trigger.id,
    routinePublicId: webhook.trigger.publicId,
    ownerUserId: owner.id,
    skillId: skill.id,
    ownerKey: ownerKey.token,
    ownerKeyId: ownerKey.id,
    invitationId,
    agentId: agent.id,
    agentKey: agentKey.token,
    agentKeyId: agentKey.id,
    projectId: project.id,
    goalId: goal.id,
    labelId: label.id,
    savedViewId: savedView.id,
    issueId: issue.id,
    commentId: comment.id,
    attachmentId: attachment.id,
    planRevisionId: plan.latestRevisionId,
    interactionId: interaction.id,
    approvalId: approval.id,
    runId,
    projectWorkspaceId: projectWorkspace.id,
    executionWorkspaceId: checkedOut.executionWorkspaceId,
    operationId: operations[0].id,
    environmentId: environment.id,
  };
}

async function snapshot(request: APIRequestContext, tenant: Tenant) {
  const headers = bearer(tenant.ownerKey);
  const paths = [
    `/api/companies/${tenant.companyId}`,
    `/api/companies/${tenant.companyId}/agents`,
    `/api/companies/${tenant.companyId}/projects`,
    `/api/companies/${tenant.companyId}/goals`,
    `/api/companies/${tenant.companyId}/labels`,
    `/api/companies/${tenant.companyId}/saved-views`,
    `/api/companies/${tenant.companyId}/routines`,
    `/api/routines/${tenant.routineId}/runs`,
    `/api/companies/${tenant.companyId}/members`,
    `/api/agents/${tenant.agentId}/keys`,
    `/api/issues/${tenant.issueId}`,
    `/api/issues/${tenant.issueId}/comments`,
    `/api/issues/${tenant.issueId}/documents`,
    `/api/issues/${tenant.issueId}/interactions`,
    `/api/companies/${tenant.companyId}/approvals`,
    `/api/approvals/${tenant.approvalId}/comments`,
    `/api/companies/${tenant.companyId}/workflow`,
    `/api/issues/${tenant.issueId}/attachments`,
    `/api/projects/${tenant.projectId}/workspaces`,
    `/api/execution-workspaces/${tenant.executionWorkspaceId}`,
    `/api/execution-workspaces/${tenant.executionWorkspaceId}/workspace-operations`,
    `/api/companies/${tenant.companyId}/environments`,
    `/api/environments/${tenant.environmentId}`,
    `/api/companies/${tenant.companyId}/skills`,
    `/api/agents/${tenant.agentId}/skills`,
    `/api/agents/${tenant.agentId}/instructions-bundle`,
    `/api/companies/${tenant.companyId}/org`,
  ];
  return Promise.all(paths.map(async (path) => json(await request.get(path, { headers }), 200)));
}

test("company A's owner and agent cannot read or change anything of company B", async ({ request, baseURL }) => {
  test.setTimeout(180_000);
  const adminKey = await adminBoardKey(request, baseURL!);
  const a = await createTenant(request, adminKey, baseURL!, "Alpha Corp");
  const b = await createTenant(request, adminKey, baseURL!, "Beta Corp");
  const before = await snapshot(request, b);
  const doc = await (await request.get("/api/openapi.json")).json();
  const leaks: string[] = [];
  let probes = 0;

  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    if (!path.includes("{") || path in SHARED_BY_ALL) continue;
    const resolver = RESOLVERS.find(([pattern]) => pattern.test(path));
    expect(resolver, `No isolation resolver for ${path}: add one to e2e/api/isolation.spec.ts`).toBeTruthy();
    const values = resolver![1](b);
    const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      expect(values[name], `resolver for ${path} lacks ${name}`).toBeTruthy();
      return values[name];
    });
    for (const method of Object.keys(methods).map((m) => m.toUpperCase())) {
      for (const [who, token] of [
        ["A owner", a.ownerKey],
        ["A agent", a.agentKey],
      ] as const) {
        const headers = { ...bearer(token), "x-paperclip-run-id": crypto.randomUUID(), ...(method === "GET" ? {} : { "content-type": "application/json" }) };
        const body =
          method === "GET" || method === "DELETE"
            ? undefined
            : JSON.stringify(VALID_BODIES.find(([pattern]) => pattern.test(`${method} ${path}`))?.[1](a) ?? {});
        // A stream that opened would never end: a timeout here is itself a leak.
        const response = await request
          .fetch(url, { method, headers, data: body, timeout: 10_000 })
          .catch((error: Error) => ({ status: () => 0, text: async () => error.message }));
        probes += 1;
        if (![401, 403, 404].includes(response.status()))
          leaks.push(`${who} ${method} ${path} → ${response.status()} ${(await response.text()).slice(0, 200)}`);
      }
    }
  }
  console.log(`isolation: ${probes} cross-company probes`);
  expect(leaks, leaks.join("\n")).toEqual([]);
  expect(await snapshot(request, b)).toEqual(before);
  // B's own credentials still work after the probes.
  expect((await request.get("/api/agents/me", { headers: bearer(b.agentKey) })).status()).toBe(200);
});
