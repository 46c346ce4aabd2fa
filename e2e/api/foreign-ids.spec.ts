// Every id a request body carries is checked against the actor's company. Generated from /api/openapi.json: each
// operation's body schema is walked for `*Id`/`*Ids` (and uuid) fields, and each one gets another company's real id
// of the right kind in an otherwise valid body — answered 404, or 422 naming the field, never 2xx or 5xx — and, as
// a control, the actor's own company's id, which must succeed (so a probe cannot pass because the body was invalid).
// A new id field fails this spec until its kind is known here, so it is covered from the day it appears.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminBoardKey, bearer, companyWithOwner, gitRepo, json, operations, type OpenApi, type Schema } from "../support";

type Kind =
  | "company"
  | "user"
  | "agent"
  | "project"
  | "goal"
  | "issue"
  | "label"
  | "comment"
  | "heartbeatRun"
  | "projectWorkspace"
  | "executionWorkspace"
  | "environment"
  | "approval"
  | "document"
  | "documentRevision"
  | "runtimeService";

/** What an id field points at, by its name; the first match wins. */
const KIND_BY_NAME: [RegExp, Kind | ((operation: string) => Kind)][] = [
  [/^(agentId|reportsTo|\w+AgentId)$/, "agent"],
  [/^(userId|\w+UserId)$/, "user"],
  // A goal's parent is a goal; an issue's parent is an issue.
  [/^parentId$/, (operation) => (operation.includes("/goals") ? "goal" : "issue")],
  [/^(issueIds?|\w+IssueIds?|\w+FromIssueId|\w+ParentId)$/, "issue"],
  [/^projectIds?$/, "project"],
  // Skill scans name project workspaces plainly (`workspaceIds`).
  [/^workspaceIds$/, "projectWorkspace"],
  [/^goalIds?$/, "goal"],
  [/^labelIds$/, "label"],
  [/^(commentId|\w+CommentId)$/, "comment"],
  [/^(runId|\w+RunId)$/, "heartbeatRun"],
  [/^(projectWorkspaceId|\w+ProjectWorkspaceId)$/, "projectWorkspace"],
  [/^executionWorkspaceId$/, "executionWorkspace"],
  [/^(environmentId|\w+EnvironmentId)$/, "environment"],
  [/^approvalId$/, "approval"],
  [/^documentId$/, "document"],
  [/^(revisionId|\w+RevisionId)$/, "documentRevision"],
  [/^runtimeServiceId$/, "runtimeService"],
  [/^(companyId|\w+CompanyId)$/, "company"],
];

const SKILL_VERSION_PIN = "Paperclip's skill version pin; skills here have one version, so it is accepted and not looked up";

/** Fields named like ids that point at no row, keyed by case label, each with the reason it is not a reference. */
const NOT_REFERENCES: Record<string, string> = {
  "PATCH /api/agents/{id} desiredSkills.0.versionId [desiredSkills.0.variant]": SKILL_VERSION_PIN,
  "POST /api/companies/{companyId}/agent-hires desiredSkills.0.versionId [desiredSkills.0.variant]": SKILL_VERSION_PIN,
  "POST /api/companies/{companyId}/agents desiredSkills.0.versionId [desiredSkills.0.variant]": SKILL_VERSION_PIN,
  "POST /api/companies/{companyId}/activity actorId": "Ignored: the caller is always recorded as the actor",
  "POST /api/companies/{companyId}/activity agentId": "Ignored: the caller's own agent id is recorded",
  "POST /api/companies/{companyId}/activity entityId": "A free-form label paired with a free-form entityType; never looked up",
  "POST /api/companies/{companyId}/members userId": "Bringing an instance user into the company is what the operation does",
  "POST /api/issues/{id}/comments clientRequestId": "The client's own idempotency key",
  "POST /api/issues/{id}/interactions payload.target.revisionId [kind=request_confirmation, payload.target.type=custom]":
    "A custom target's revision is the client's own label",
  "POST /api/issues/{id}/interactions payload.target.revisionId [kind=request_checkbox_confirmation, payload.target.type=custom]":
    "A custom target's revision is the client's own label",
  "POST /api/issues/{id}/interactions payload.defaultSelectedOptionIds [kind=request_checkbox_confirmation]": "Option ids inside the same payload",
  "POST /api/issues/{id}/interactions/{interactionId}/accept selectedOptionIds": "Option ids inside the interaction's own payload",
  "POST /api/issues/{id}/interactions/{interactionId}/respond answers.0.questionId": "A question id inside the interaction's own payload",
  "POST /api/issues/{id}/interactions/{interactionId}/respond answers.0.optionIds": "Option ids inside the interaction's own payload",
  "POST /api/execution-workspaces/{id}/runtime-commands/{action} workspaceCommandId": "A command id from the workspace's runtime config",
  "POST /api/execution-workspaces/{id}/runtime-services/{action} workspaceCommandId": "A command id from the workspace's runtime config",
  "POST /api/projects/{id}/workspaces/{workspaceId}/runtime-commands/{action} workspaceCommandId": "A command id from the workspace's runtime config",
  "POST /api/projects/{id}/workspaces/{workspaceId}/runtime-services/{action} workspaceCommandId": "A command id from the workspace's runtime config",
};

/** Ids that are only compared with the current one, never stored or looked up: any other id is this conflict. */
const COMPARED_ONLY: Record<string, { status: number; code: string }> = {
  "PUT /api/issues/{id}/documents/{key} baseRevisionId": { status: 409, code: "document_revision_conflict" },
};

/** Controls that cannot end in 2xx without a state this spec cannot set up; each answer comes after the reference check. */
const CONTROL_ANSWERS: Record<string, { status: number; code: string }> = {
  // A workspace conflict arises only when a run meets a workspace of another environment.
  "POST /api/issues/{id}/workspace-conflict/resolve": { status: 409, code: "no_workspace_conflict" },
  // The generated body names the target but carries no bundle; the target passed, the missing bundle is what is refused.
  "POST /api/companies/{companyId}/imports/preview": { status: 422, code: "invalid_bundle" },
  "POST /api/companies/{companyId}/imports/apply": { status: 422, code: "invalid_bundle" },
};

/** Operations only an instance admin may call; for them the actor is the admin, whose own user is the only member. */
const ADMIN_OPERATIONS = new Set(["POST /api/companies"]);

/** Where generation cannot know a valid value: the document key a confirmation targets exists on the issue. */
function adjustBody(operation: string, body: Record<string, unknown>) {
  const target = (body.payload as { target?: { type?: string; key?: string } } | undefined)?.target;
  if (operation === "POST /api/issues/{id}/interactions" && target?.type === "issue_document") target.key = "plan";
}

type Tenant = {
  companyId: string;
  ownerKey: string;
  /** One real id of each kind, for bodies. */
  ids: Record<Kind, string>;
  /** Entities the path parameters name, apart from the ids above so an entity never references itself. */
  pathAgentId: string;
  pathGoalId: string;
  projectId: string;
  projectWorkspaceId: string;
  executionWorkspaceId: string;
  projectServiceId: string;
  executionServiceId: string;
};

async function createTenant(request: APIRequestContext, adminKey: string, baseURL: string, name: string): Promise<Tenant> {
  const admin = bearer(adminKey);
  const post = async (path: string, data: unknown, headers: Record<string, string> = admin) => json(await request.post(path, { headers, data }), 201);
  const {
    company,
    owner,
    ownerKeys: [ownerKey],
  } = await companyWithOwner(request, adminKey, baseURL, name);
  const agent = await post(`/api/companies/${company.id}/agents`, { name: `${name} Agent` });
  const pathAgent = await post(`/api/companies/${company.id}/agents`, { name: `${name} Other Agent` });
  const agentKey = await post(`/api/agents/${agent.id}/keys`, {});
  const runId = crypto.randomUUID();
  const asAgent = { ...bearer(agentKey.token), "x-paperclip-run-id": runId };
  const goal = await post(`/api/companies/${company.id}/goals`, { title: `${name} Goal` });
  const pathGoal = await post(`/api/companies/${company.id}/goals`, { title: `${name} Other Goal` });
  const label = await post(`/api/companies/${company.id}/labels`, { name: `${name} label`, color: "#22c55e" });
  const environment = await post(`/api/companies/${company.id}/environments`, { name: `${name} Env`, driver: "local" });
  const project = await post(`/api/companies/${company.id}/projects`, { name: `${name} Project` });
  const projectWorkspace = await post(`/api/projects/${project.id}/workspaces`, {
    name: "main",
    cwd: gitRepo(),
    repoRef: "main",
    runtimeConfig: { workspaceRuntime: { commands: [{ id: "idle", name: "idle", kind: "service", command: `node -e "setInterval(() => {}, 60000)"` }] } },
  });
  await json(
    await request.patch(`/api/projects/${project.id}`, {
      headers: admin,
      data: { executionWorkspacePolicy: { enabled: true, defaultMode: "isolated_workspace" } },
    }),
    200,
  );
  // The agent's checkout makes both an execution workspace and a heartbeat run of this company.
  const issue = await post(`/api/companies/${company.id}/issues`, { title: `${name} Work`, projectId: project.id, assigneeAgentId: agent.id });
  const checkedOut = await json(
    await request.post(`/api/issues/${issue.id}/checkout`, { headers: asAgent, data: { agentId: agent.id, expectedStatuses: ["todo"] } }),
    200,
  );
  const comment = await post(`/api/issues/${issue.id}/comments`, { body: "from a run" }, asAgent);
  const plan = await json(
    await request.put(`/api/issues/${issue.id}/documents/plan`, { headers: asAgent, data: { format: "markdown", body: "the plan" } }),
    201,
  );
  const approval = await post(`/api/companies/${company.id}/approvals`, { type: "request_board_approval", payload: { title: "Spend" }, issueIds: [issue.id] });
  const projectService = await json(
    await request.post(`/api/projects/${project.id}/workspaces/${projectWorkspace.id}/runtime-services/start`, { headers: admin, data: {} }),
    200,
  );
  const executionService = await json(
    await request.post(`/api/execution-workspaces/${checkedOut.executionWorkspaceId}/runtime-services/start`, { headers: admin, data: {} }),
    200,
  );
  return {
    companyId: company.id,
    ownerKey: ownerKey.token,
    ids: {
      company: company.id,
      user: owner.id,
      agent: agent.id,
      project: project.id,
      goal: goal.id,
      issue: issue.id,
      label: label.id,
      comment: comment.id,
      heartbeatRun: runId,
      projectWorkspace: projectWorkspace.id,
      executionWorkspace: checkedOut.executionWorkspaceId,
      environment: environment.id,
      approval: approval.id,
      document: plan.id,
      documentRevision: plan.latestRevisionId,
      runtimeService: projectService.operation.runtimeServiceId,
    },
    pathAgentId: pathAgent.id,
    pathGoalId: pathGoal.id,
    projectId: project.id,
    projectWorkspaceId: projectWorkspace.id,
    executionWorkspaceId: checkedOut.executionWorkspaceId,
    projectServiceId: projectService.operation.runtimeServiceId,
    executionServiceId: executionService.operation.runtimeServiceId,
  };
}

/** The path's parameters, naming the home company's entities, and the home ids that only make sense for that path. */
type PathContext = { params: Record<string, string>; own?: Partial<Record<Kind, string>> };
type Resolver = (home: Tenant, call: (method: string, path: string, data: unknown) => Promise<Record<string, string>>) => Promise<PathContext>;

async function freshIssue(home: Tenant, call: Parameters<Resolver>[1]) {
  return call("POST", `/api/companies/${home.companyId}/issues`, { title: "Probe target" });
}

const RESOLVERS: [RegExp, Resolver][] = [
  [/^\/api\/(companies|board-api-keys)$/, async () => ({ params: {} })],
  [/^\/api\/companies\/\{companyId\}(\/|$)/, async (home) => ({ params: { companyId: home.companyId } })],
  [/^\/api\/agents\/\{id\}(\/|$)/, async (home) => ({ params: { id: home.pathAgentId } })],
  [/^\/api\/goals\/\{id\}$/, async (home) => ({ params: { id: home.pathGoalId } })],
  [/^\/api\/projects\/\{id\}$/, async (home) => ({ params: { id: home.projectId } })],
  [
    /^\/api\/projects\/\{id\}\/workspaces\/\{workspaceId\}\/runtime-(commands|services)\/\{action\}$/,
    async (home) => ({ params: { id: home.projectId, workspaceId: home.projectWorkspaceId, action: "stop" }, own: { runtimeService: home.projectServiceId } }),
  ],
  [/^\/api\/execution-workspaces\/\{id\}$/, async (home) => ({ params: { id: home.executionWorkspaceId } })],
  [
    /^\/api\/execution-workspaces\/\{id\}\/runtime-(commands|services)\/\{action\}$/,
    async (home) => ({ params: { id: home.executionWorkspaceId, action: "stop" }, own: { runtimeService: home.executionServiceId } }),
  ],
  // Issues get a fresh target per case, so one case's control (a checkout, a new parent) cannot change the next case.
  [
    /^\/api\/issues\/\{id\}\/(interactions|documents\/\{key\})$/,
    async (home, call) => {
      const issue = await freshIssue(home, call);
      const plan = await call("PUT", `/api/issues/${issue.id}/documents/plan`, { format: "markdown", body: "A plan to confirm" });
      return { params: { id: issue.id, key: "plan" }, own: { issue: issue.id, document: plan.id, documentRevision: plan.latestRevisionId } };
    },
  ],
  [/^\/api\/issues\/\{id\}(\/|$)/, async (home, call) => ({ params: { id: (await freshIssue(home, call)).id } })],
  // A fresh routine per case; always_enqueue, so every run's control creates its issue.
  [
    /^\/api\/routines\/\{id\}(\/|$)/,
    async (home, call) => ({
      params: { id: (await call("POST", `/api/companies/${home.companyId}/routines`, { title: "Probe routine", concurrencyPolicy: "always_enqueue" })).id },
    }),
  ],
];

// --- the body schema walk --------------------------------------------------------------------------------------------

type Step = string | number;
type IdField = { path: Step[]; name: string; schema: Schema; choices: Map<string, number>; variants: string[] };

const isUuid = (schema: Schema) => schema.format === "uuid" || (schema.type === "array" && schema.items?.format === "uuid");

/** A oneOf branch is named by its single-valued enum property (`kind=…`, `type=…`), as clients pick it. */
function variantName(schema: Schema, at: Step[]) {
  const discriminator = Object.entries(schema.properties ?? {}).find(([, property]) => property.enum?.length === 1);
  const prefix = at.length ? `${at.join(".")}.` : "";
  return discriminator ? `${prefix}${discriminator[0]}=${String(discriminator[1].enum![0])}` : `${prefix}variant`;
}

function idFields(schema: Schema, at: Step[] = [], choices = new Map<string, number>(), variants: string[] = []): IdField[] {
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches)
    return branches.flatMap((branch, index) => idFields(branch, at, new Map([...choices, [at.join("."), index]]), [...variants, variantName(branch, at)]));
  const found: IdField[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (/Ids?$/.test(name) || isUuid(property)) found.push({ path: [...at, name], name, schema: property, choices, variants });
    else found.push(...idFields(property, [...at, name], choices, variants));
  }
  if (schema.items) found.push(...idFields(schema.items, [...at, 0], choices, variants));
  return found;
}

/** The smallest valid value: required properties only, plus whatever leads to `include`; enums take their first value. */
function minimal(schema: Schema, at: Step[], choices: Map<string, number>, include: Step[] | null, idFor: (name: string) => string): unknown {
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) return minimal(branches[choices.get(at.join(".")) ?? 0], at, choices, include, idFor);
  if (schema.enum) return schema.enum[0];
  if (schema.properties) {
    const names = new Set([...(schema.required ?? []), ...(typeof include?.[0] === "string" ? [include[0]] : [])]);
    return Object.fromEntries(
      [...names].map((name) => {
        const property = schema.properties![name];
        if (isUuid(property) || /Ids?$/.test(name)) return [name, property.type === "array" ? [idFor(name)] : idFor(name)];
        return [name, minimal(property, [...at, name], choices, include?.[0] === name ? include.slice(1) : null, idFor)];
      }),
    );
  }
  switch (schema.type) {
    case "array": {
      const count = Math.max(schema.minItems ?? 0, include?.[0] === 0 ? 1 : 0);
      return Array.from({ length: count }, (_, index) =>
        minimal(schema.items!, [...at, index], choices, index === 0 ? (include?.slice(1) ?? null) : null, idFor),
      );
    }
    case "object":
      return {};
    case "string":
      if (schema.format === "date-time") return new Date(Date.now() + 86_400_000).toISOString();
      if (schema.format === "email") return "probe@example.com";
      return "probe".padEnd(schema.minLength ?? 0, "e").slice(0, schema.maxLength ?? Infinity);
    case "integer":
    case "number":
      return (schema.minimum ?? 0) + (schema.exclusiveMinimum || schema.minimum === undefined ? 1 : 0);
    case "boolean":
      return false;
    default:
      return null;
  }
}

/** Sets the value at a path; a sibling `type` whose enum names the field's kind (`type: "user"` beside `userId`) follows it. */
function place(body: Record<string, unknown>, field: IdField, value: string, parentSchema: Schema | null) {
  let parent = body as Record<string | number, unknown>;
  for (const step of field.path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  parent[field.name] = field.schema.type === "array" ? [value] : value;
  const stem = field.name.replace(/Ids?$/, "");
  if (parentSchema?.properties?.type?.enum?.includes(stem)) parent.type = stem;
}

function schemaAt(root: Schema, field: IdField): Schema | null {
  let schema: Schema | undefined = root;
  const at: Step[] = [];
  for (const step of field.path.slice(0, -1)) {
    let resolved: Schema = schema!;
    const branches = resolved.oneOf ?? resolved.anyOf;
    if (branches) resolved = branches[field.choices.get(at.join(".")) ?? 0];
    schema = typeof step === "number" ? resolved.items : resolved.properties?.[step];
    at.push(step);
    if (!schema) return null;
  }
  const branches = schema!.oneOf ?? schema!.anyOf;
  return branches ? branches[field.choices.get(at.join(".")) ?? 0] : schema!;
}

const kindOf = (operation: string, name: string): Kind | undefined => {
  const match = KIND_BY_NAME.find(([pattern]) => pattern.test(name))?.[1];
  return typeof match === "function" ? match(operation) : match;
};

/** `body.x` and `x` both name the field; an array field may be named by element (`labelIds.0`). */
function namesField(problem: { invalid_params?: { name: string }[] } | null, path: string) {
  return (problem?.invalid_params ?? []).some(({ name }) => {
    const bare = name.replace(/^body\./, "");
    return bare === path || bare.startsWith(`${path}.`);
  });
}

test("another company's id in any body id field is 404 or 422 naming it; the company's own id is accepted", async ({ request, baseURL }) => {
  test.setTimeout(600_000);
  const adminKey = await adminBoardKey(request, baseURL!);
  const admin = await json(await request.get("/api/me", { headers: bearer(adminKey) }), 200);
  const home = await createTenant(request, adminKey, baseURL!, "Home Corp");
  const foreign = await createTenant(request, adminKey, baseURL!, "Foreign Corp");
  const doc = (await (await request.get("/api/openapi.json")).json()) as OpenApi;
  const call = async (method: string, path: string, data: unknown) => json(await request.fetch(path, { method, headers: bearer(home.ownerKey), data }), 201);

  const problems: string[] = [];
  const controls: string[] = [];
  const skipped: string[] = [];
  const answers = new Map<string, number>();
  let probes = 0;
  try {
    for (const { method, path, body: bodySchema } of operations(doc)) {
      if (!bodySchema) continue;
      const operation = `${method} ${path}`;
      for (const field of idFields(bodySchema)) {
        const dotted = field.path.join(".");
        const label = `${operation} ${dotted}${field.variants.length ? ` [${field.variants.join(", ")}]` : ""}`;
        if (NOT_REFERENCES[label]) {
          skipped.push(label);
          continue;
        }
        const kind = kindOf(operation, field.name);
        if (!kind) {
          problems.push(`${label}: no kind known for this id field — add it to KIND_BY_NAME or NOT_REFERENCES`);
          continue;
        }
        const resolver = RESOLVERS.find(([pattern]) => pattern.test(path))?.[1];
        if (!resolver) {
          problems.push(`${label}: no path resolver for ${path} — add one to RESOLVERS`);
          continue;
        }
        const asAdmin = ADMIN_OPERATIONS.has(operation);
        const context = await resolver(home, call);
        const own = { ...home.ids, ...(asAdmin ? { user: admin.userId } : {}), ...context.own };
        const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => context.params[name]);
        const bodyWith = (value: string) => {
          // Other required id fields get the home company's id of their kind (an unknown kind is reported on its own case).
          const body = minimal(bodySchema, [], field.choices, field.path, (name) => own[kindOf(operation, name) ?? "company"]) as Record<string, unknown>;
          adjustBody(operation, body);
          place(body, field, value, schemaAt(bodySchema, field));
          return body;
        };
        const send = async (value: string) => {
          const response = await request.fetch(url, {
            method,
            headers: bearer(asAdmin ? adminKey : home.ownerKey),
            data: bodyWith(value),
            maxRedirects: 0,
          });
          const text = await response.text();
          const parsed = text ? (JSON.parse(text) as { code?: string; invalid_params?: { name: string }[] }) : null;
          return { status: response.status(), problem: parsed, text: text.slice(0, 300) };
        };

        probes += 1;
        const probe = await send(foreign.ids[kind]);
        const compared = COMPARED_ONLY[`${operation} ${dotted}`];
        const refused = compared
          ? probe.status === compared.status && probe.problem?.code === compared.code
          : probe.status === 404 || (probe.status === 422 && namesField(probe.problem, dotted));
        const answer = `${probe.status} ${probe.problem?.code}`;
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
        if (!refused) problems.push(`${label} ← foreign ${kind}: ${probe.status} ${probe.text}`);

        const control = await send(own[kind]);
        const expected = CONTROL_ANSWERS[operation];
        const accepted = expected ? control.status === expected.status && control.problem?.code === expected.code : control.status < 300;
        if (!accepted) controls.push(`${label} ← own ${kind}: ${control.status} ${control.text}`);
      }
    }
  } finally {
    // The services started for the matrix stop with it; stopping one already stopped is a no-op.
    for (const tenant of [home, foreign]) {
      await request.post(`/api/projects/${tenant.projectId}/workspaces/${tenant.projectWorkspaceId}/runtime-services/stop`, {
        headers: bearer(adminKey),
        data: {},
      });
      await request.post(`/api/execution-workspaces/${tenant.executionWorkspaceId}/runtime-services/stop`, { headers: bearer(adminKey), data: {} });
    }
  }
  console.log(`foreign ids: ${probes} (operation, field) probes answered ${JSON.stringify(Object.fromEntries(answers))}; ${skipped.length} not references`);
  expect(probes).toBeGreaterThan(50);
  expect.soft(problems, `foreign ids accepted or mis-answered:\n${problems.join("\n")}`).toEqual([]);
  expect.soft(controls, `controls with the company's own ids failed (fix the generator or its overrides):\n${controls.join("\n")}`).toEqual([]);
  expect
    .soft(
      Object.keys(NOT_REFERENCES).filter((label) => !skipped.includes(label)),
      "NOT_REFERENCES entries that match no field",
    )
    .toEqual([]);
});
