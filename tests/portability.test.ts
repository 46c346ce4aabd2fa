import { gunzipSync, gzipSync } from "node:zlib";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as exportsRoute from "@/app/api/companies/[companyId]/exports/route";
import * as exportPreviewRoute from "@/app/api/companies/[companyId]/exports/preview/route";
import * as importApplyRoute from "@/app/api/companies/[companyId]/imports/apply/route";
import * as importPreviewRoute from "@/app/api/companies/[companyId]/imports/preview/route";
import { db } from "@/lib/db/client";
import { BASE_URL, callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";

const exportBundle = (companyId: string, token: string, body: unknown = {}) =>
  callRoute(exportsRoute.POST, "POST", `/api/companies/${companyId}/exports`, { token, params: { companyId }, body });
const previewExport = (companyId: string, token: string) =>
  callRoute(exportPreviewRoute.POST, "POST", `/api/companies/${companyId}/exports/preview`, { token, params: { companyId }, body: {} });
const previewImport = (companyId: string, token: string, body: unknown) =>
  callRoute(importPreviewRoute.POST, "POST", `/api/companies/${companyId}/imports/preview`, { token, params: { companyId }, body });
const applyImport = (companyId: string, token: string, body: unknown) =>
  callRoute(importApplyRoute.POST, "POST", `/api/companies/${companyId}/imports/apply`, { token, params: { companyId }, body });

const SECRET_KEY_VALUE = "sk-live-0123456789abcdefABCDEF0123456789";
/** A hire approval's payload holds the hired agent's whole setup, env included. */
const HIRE_SECRET = "sk-ant-hire-0123456789abcdefABCDEF";
const WEBHOOK_SECRET = "whsec-do-not-export-0123456789abcdef";
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute));

/** A company with something in every exported table. */
async function buildCompany() {
  const company = await seedCompany();
  await db.company.update({ where: { id: company.id }, data: { description: "Makes things", settings: { theme: "dark" } } });
  const owner = await seedUser({ admin: true, memberships: { [company.id]: "owner" } });
  const operator = await seedUser({ memberships: { [company.id]: "operator" } });
  const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
  const { agent: lead } = await seedAgent(company.id, { name: "Lead" });
  const { agent: builder } = await seedAgent(company.id, { name: "Builder" });
  await db.agent.update({
    where: { id: builder.id },
    data: {
      reportsTo: lead.id,
      adapterType: "claude_local",
      adapterConfig: { model: "sonnet", env: { OPENAI_API_KEY: SECRET_KEY_VALUE, LOG_LEVEL: "debug" } },
      permissions: { canCreateAgents: true },
    },
  });
  await db.agentInstructionFile.create({ data: { agentId: builder.id, companyId: company.id, path: "AGENTS.md", content: "# Builder\nBuild well." } });
  const skill = await db.companySkill.create({
    data: { companyId: company.id, key: "review", name: "Review", markdown: "# Review", files: { "notes.md": "n" }, contentHash: "h1" },
  });
  await db.agentSkill.create({ data: { agentId: builder.id, skillId: skill.id, companyId: company.id } });
  const goal = await db.goal.create({ data: { companyId: company.id, title: "Ship", level: "company", ownerAgentId: lead.id } });
  const subGoal = await db.goal.create({ data: { companyId: company.id, title: "Ship v1", parentId: goal.id } });
  const project = await db.project.create({
    data: { companyId: company.id, name: "Web", urlKey: "web", leadAgentId: lead.id, env: { PUBLIC_URL: "https://x.test", DB_PASSWORD: "hunter2" } },
  });
  const workspace = await db.projectWorkspace.create({
    data: { companyId: company.id, projectId: project.id, name: "main", cwd: "/srv/web", isPrimary: true },
  });
  await db.project.update({ where: { id: project.id }, data: { executionWorkspacePolicy: { defaultProjectWorkspaceId: workspace.id } } });
  await db.projectGoal.create({ data: { projectId: project.id, goalId: subGoal.id } });
  const bug = await db.label.create({ data: { companyId: company.id, name: "bug", color: "#f00" } });
  await db.workflow.create({ data: { companyId: company.id, source: "states:\n  - todo\n" } });

  const issue = (number: number, data: Record<string, unknown> = {}) =>
    db.issue.create({
      data: {
        companyId: company.id,
        number,
        identifier: `${company.issuePrefix}-${number}`,
        title: `Issue ${number}`,
        createdAt: at(number),
        updatedAt: at(number + 30),
        ...data,
      },
    });
  const parent = await issue(1, { projectId: project.id, goalId: subGoal.id, status: "in_progress", assigneeAgentId: builder.id });
  const child = await issue(2, {
    parentId: parent.id,
    createdByUserId: owner.user.id,
    executionPolicy: { stages: [{ id: "review", type: "review", participants: [{ type: "agent", agentId: lead.id }] }] },
    timeActualMs: 1234n,
  });
  const blocker = await issue(3, { status: "todo", idempotencyKey: "make-3" });
  await db.company.update({ where: { id: company.id }, data: { issueCounter: 3 } });
  await db.issueRelation.create({ data: { companyId: company.id, issueId: child.id, blockedByIssueId: blocker.id } });
  await db.issueLabel.create({ data: { issueId: child.id, labelId: bug.id } });
  const first = await db.issueComment.create({
    data: { companyId: company.id, issueId: child.id, body: "first", authorUserId: owner.user.id, createdAt: at(40), updatedAt: at(40) },
  });
  await db.issueComment.create({
    data: {
      companyId: company.id,
      issueId: child.id,
      body: "second",
      authorAgentId: builder.id,
      mentionedAgentIds: [lead.id],
      createdAt: at(41),
      updatedAt: at(41),
    },
  });
  const plan = await db.document.create({
    data: {
      companyId: company.id,
      title: "Plan",
      latestBody: "v2",
      latestRevisionNumber: 2,
      createdByAgentId: builder.id,
      createdAt: at(42),
      updatedAt: at(43),
    },
  });
  await db.documentRevision.create({ data: { companyId: company.id, documentId: plan.id, revisionNumber: 1, body: "v1", createdAt: at(42) } });
  const latest = await db.documentRevision.create({
    data: { companyId: company.id, documentId: plan.id, revisionNumber: 2, body: "v2", changeSummary: "more", createdAt: at(43) },
  });
  await db.document.update({ where: { id: plan.id }, data: { latestRevisionId: latest.id, updatedAt: at(43) } });
  await db.issueDocument.create({ data: { companyId: company.id, issueId: child.id, documentId: plan.id, key: "plan" } });
  await db.issueThreadInteraction.create({
    data: {
      companyId: company.id,
      issueId: child.id,
      kind: "request_confirmation",
      requestHash: "abc",
      payload: { target: { type: "issue_document", issueId: child.id, documentId: plan.id, revisionId: latest.id } },
      targetDocumentId: plan.id,
      sourceCommentId: first.id,
      createdByAgentId: builder.id,
      createdAt: at(44),
      updatedAt: at(44),
    },
  });
  const approval = await db.approval.create({
    data: {
      companyId: company.id,
      type: "hire_agent",
      requestedByAgentId: lead.id,
      payload: { agentId: builder.id, adapterConfig: { command: "claude", env: { ANTHROPIC_API_KEY: HIRE_SECRET } } },
    },
  });
  await db.issueApproval.create({ data: { issueId: child.id, approvalId: approval.id, companyId: company.id, linkedByAgentId: lead.id } });
  await db.approvalComment.create({ data: { companyId: company.id, approvalId: approval.id, body: "ok?", authorUserId: owner.user.id } });
  await db.issueExecutionDecision.create({
    data: {
      companyId: company.id,
      issueId: child.id,
      stageId: "review",
      stageIndex: 0,
      stageType: "review",
      outcome: "approved",
      actorAgentId: lead.id,
      commentId: first.id,
    },
  });
  await db.issueAttachment.create({ data: { companyId: company.id, issueId: child.id, type: "note", mime: "text/plain", content: "hello", sizeBytes: 5 } });
  const routine = await db.routine.create({ data: { companyId: company.id, title: "Daily triage", assigneeAgentId: lead.id, projectId: project.id } });
  await db.routineTrigger.create({
    data: { companyId: company.id, routineId: routine.id, kind: "schedule", cronExpression: "0 9 * * 1-5", timezone: "Europe/Paris", nextRunAt: at(50) },
  });
  await db.routineTrigger.create({
    data: {
      companyId: company.id,
      routineId: routine.id,
      kind: "webhook",
      publicId: `pub-${company.id}`,
      signingSecret: WEBHOOK_SECRET,
      signingMode: "hmac_sha256",
    },
  });
  await db.issue.update({ where: { id: blocker.id }, data: { originKind: "routine_execution", originId: routine.id, updatedAt: at(33) } });
  return { company, owner, operator, viewer, lead, builder };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const DROPPED = new Set(["id", "companyId", "nextRunAt", "publicId", "signingSecret", "lastRotatedAt", "identifier", "issuePrefix", "keyHash"]);

/**
 * Every exported table of a company with ids replaced by positional names (first agent, second issue …) and the
 * fields an import rightly changes left out, so two companies compare field by field.
 */
async function snapshot(companyId: string) {
  const where = { companyId };
  const tables = {
    agents: await db.agent.findMany({ where, orderBy: { name: "asc" } }),
    instructionFiles: await db.agentInstructionFile.findMany({ where, orderBy: { path: "asc" } }),
    skills: await db.companySkill.findMany({ where, orderBy: { key: "asc" } }),
    agentSkills: await db.agentSkill.findMany({ where }),
    goals: await db.goal.findMany({ where, orderBy: { title: "asc" } }),
    projects: await db.project.findMany({ where, orderBy: { name: "asc" } }),
    projectWorkspaces: await db.projectWorkspace.findMany({ where, orderBy: { name: "asc" } }),
    projectGoals: await db.projectGoal.findMany({ where: { project: { companyId } } }),
    labels: await db.label.findMany({ where, orderBy: { name: "asc" } }),
    workflows: await db.workflow.findMany({ where }),
    issues: await db.issue.findMany({ where, orderBy: { number: "asc" } }),
    relations: await db.issueRelation.findMany({ where }),
    issueLabels: await db.issueLabel.findMany({ where: { issue: { companyId } } }),
    comments: await db.issueComment.findMany({ where, orderBy: [{ createdAt: "asc" }, { body: "asc" }] }),
    documents: await db.document.findMany({ where, orderBy: { createdAt: "asc" } }),
    revisions: await db.documentRevision.findMany({ where, orderBy: { revisionNumber: "asc" } }),
    issueDocuments: await db.issueDocument.findMany({ where }),
    interactions: await db.issueThreadInteraction.findMany({ where }),
    approvals: await db.approval.findMany({ where }),
    issueApprovals: await db.issueApproval.findMany({ where }),
    approvalComments: await db.approvalComment.findMany({ where }),
    decisions: await db.issueExecutionDecision.findMany({ where }),
    attachments: await db.issueAttachment.findMany({ where }),
    routines: await db.routine.findMany({ where }),
    triggers: await db.routineTrigger.findMany({ where, orderBy: { kind: "asc" } }),
  };
  // Link rows carry no history worth keeping: an import stamps them with its own time.
  for (const table of [tables.agentSkills, tables.projectGoals, tables.relations, tables.instructionFiles] as { createdAt?: Date; updatedAt?: Date }[][]) {
    for (const row of table) {
      delete row.createdAt;
      delete row.updatedAt;
    }
  }
  const names = new Map<string, string>([[companyId, "company"]]);
  for (const [table, rows] of Object.entries(tables)) {
    (rows as { id?: string }[]).forEach((row, index) => row.id && names.set(row.id, `${table}#${index}`));
  }
  const normalise = (value: unknown): unknown => {
    if (typeof value === "string") return value.replace(UUID, (id) => names.get(id) ?? "user-or-foreign");
    if (typeof value === "bigint") return Number(value);
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(normalise).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => !DROPPED.has(key))
          .map(([key, child]) => [key, normalise(child)]),
      );
    }
    return value;
  };
  return normalise(tables) as Record<string, Record<string, unknown>[]>;
}

const allZero = (counts: Record<string, number>) => Object.values(counts).every((count) => count === 0);

describe("company export and import", () => {
  it("exports a company over HTTP and imports it into a new company that matches field by field; the same bundle again creates nothing", async () => {
    const { company, owner } = await buildCompany();
    const exported = await exportBundle(company.id, owner.token);
    expect(exported.status).toBe(200);
    const bundle = exported.json;
    expect(bundle).toMatchObject({
      format: "switchboard.company",
      version: 1,
      source: { companyId: company.id, name: company.name, issuePrefix: company.issuePrefix },
    });
    expect(bundle.documents[0].revisions.map((revision: { body: string }) => revision.body)).toEqual(["v1", "v2"]);
    expect(await db.activityLog.count({ where: { companyId: company.id, action: "company.exported" } })).toBe(1);

    const text = JSON.stringify(bundle);
    for (const secret of [SECRET_KEY_VALUE, HIRE_SECRET, WEBHOOK_SECRET, "hunter2", `pub-${company.id}`, owner.user.passwordHash, "pcp_"])
      expect(text).not.toContain(secret);
    expect(bundle.warnings).toEqual(expect.arrayContaining([expect.stringContaining("env.OPENAI_API_KEY"), expect.stringContaining("DB_PASSWORD")]));

    const preview = await previewImport(company.id, owner.token, { bundle, target: { mode: "new_company" } });
    expect(preview.status).toBe(200);
    expect(preview.json.format).toBe("switchboard");
    expect(preview.json.plan).toMatchObject({
      alreadyImported: false,
      create: { agents: 2, issues: 3, comments: 2, documents: 1, routines: 1, members: 2 },
      existing: { members: 1 },
    });
    // The source company still holds its prefix, so the new one gets a numbered variant and says so.
    expect(preview.json.target.issuePrefix).toBe(`${company.issuePrefix}2`);
    expect(preview.json.plan.conflicts).toEqual([expect.objectContaining({ entity: "company", key: company.issuePrefix })]);

    const applied = await applyImport(company.id, owner.token, { bundle, target: { mode: "new_company", name: "Copy" } });
    expect(applied.status).toBe(200);
    const copyId = applied.json.companyId;
    expect(copyId).not.toBe(company.id);
    expect(applied.json.created).toMatchObject({ agents: 2, issues: 3, comments: 2, documents: 1, interactions: 1, approvals: 1, routines: 1, attachments: 1 });
    expect(applied.json.webhookSecrets).toEqual([expect.objectContaining({ signingMode: "hmac_sha256", secret: expect.stringMatching(/^whsec_/) })]);

    const copy = await db.company.findUniqueOrThrow({ where: { id: copyId } });
    expect(copy).toMatchObject({ name: "Copy", issuePrefix: `${company.issuePrefix}2`, issueCounter: 3, description: "Makes things" });
    const [before, after] = [await snapshot(company.id), await snapshot(copyId)];
    // What an import rightly changes: secrets are gone, and a schedule starts from now.
    const builderBefore = before.agents.find((agent) => agent.name === "Builder")!;
    (builderBefore.adapterConfig as { env: Record<string, string> }).env = { LOG_LEVEL: "debug" };
    before.projects[0].env = { PUBLIC_URL: "https://x.test" };
    (before.approvals[0].payload as { adapterConfig: { env: Record<string, string> } }).adapterConfig.env = {};
    for (const snap of [before, after]) for (const trigger of snap.triggers) delete trigger.updatedAt;
    expect(after).toEqual(before);
    const triggers = await db.routineTrigger.findMany({ where: { companyId: copyId }, orderBy: { kind: "asc" } });
    expect(triggers[0].nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(triggers[1].signingSecret).not.toBe(WEBHOOK_SECRET);
    expect((await db.issue.findFirstOrThrow({ where: { companyId: copyId, number: 2 } })).identifier).toBe(`${company.issuePrefix}2-2`);
    expect(await db.activityLog.count({ where: { companyId: copyId, action: "company.imported" } })).toBe(1);

    const afterFirst = await snapshot(copyId);
    const again = await applyImport(company.id, owner.token, { bundle, target: { mode: "new_company" } });
    expect(again.status).toBe(200);
    expect(again.json.companyId).toBe(copyId);
    expect(allZero(again.json.created)).toBe(true);
    expect(await snapshot(copyId)).toEqual(afterFirst);
    expect(await db.company.count({ where: { name: "Copy" } })).toBe(1);
    expect((await previewImport(company.id, owner.token, { bundle, target: { mode: "new_company" } })).json.plan).toMatchObject({ alreadyImported: true });
  });

  it("two concurrent applies of one bundle into an existing company create its rows once", async () => {
    const { company, owner } = await buildCompany();
    const bundle = (await exportBundle(company.id, owner.token)).json;
    const target = await seedCompany();
    await db.companyMembership.create({ data: { companyId: target.id, userId: owner.user.id, role: "owner" } });
    const results = await Promise.all([1, 2].map(() => applyImport(target.id, owner.token, { bundle, target: { mode: "existing_company" } })));
    expect(results.map((result) => result.status)).toEqual([200, 200]);
    expect(results.filter((result) => allZero(result.json.created))).toHaveLength(1);
    expect(await db.issue.count({ where: { companyId: target.id } })).toBe(3);
    expect(await db.agent.count({ where: { companyId: target.id } })).toBe(2);
    expect(await db.companyImport.count({ where: { targetCompanyId: target.id } })).toBe(1);
  });

  it("an existing company keeps its issues: imported ones that collide are renumbered after its counter and same-named agents are reused", async () => {
    const { company, owner, lead } = await buildCompany();
    const bundle = (await exportBundle(company.id, owner.token)).json;
    const target = await seedCompany();
    await db.companyMembership.create({ data: { companyId: target.id, userId: owner.user.id, role: "owner" } });
    await db.issue.create({ data: { companyId: target.id, number: 1, identifier: `${target.issuePrefix}-1`, title: "Mine" } });
    await db.company.update({ where: { id: target.id }, data: { issueCounter: 1 } });
    await db.agent.create({ data: { companyId: target.id, name: "Lead here", urlKey: lead.urlKey } });

    const preview = (await previewImport(target.id, owner.token, { bundle, target: { mode: "existing_company", companyId: target.id } })).json;
    expect(preview.plan.existing.agents).toBe(1);
    expect(preview.plan.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: "agent", key: lead.urlKey }),
        expect.objectContaining({ entity: "issue", key: `${company.issuePrefix}-1` }),
      ]),
    );
    const applied = await applyImport(target.id, owner.token, { bundle, target: { mode: "existing_company" } });
    expect(applied.json.created).toMatchObject({ agents: 1, issues: 3 });
    const numbers = (await db.issue.findMany({ where: { companyId: target.id }, orderBy: { number: "asc" } })).map(
      (issue) => `${issue.identifier}:${issue.title}`,
    );
    expect(numbers).toEqual([
      `${target.issuePrefix}-1:Mine`,
      `${target.issuePrefix}-2:Issue 2`,
      `${target.issuePrefix}-3:Issue 3`,
      `${target.issuePrefix}-4:Issue 1`,
    ]);
    expect((await db.company.findUniqueOrThrow({ where: { id: target.id } })).issueCounter).toBe(4);
    // Issue 1 was assigned to Builder (created) and Lead (reused) leads the project.
    const project = await db.project.findFirstOrThrow({ where: { companyId: target.id } });
    expect(project.leadAgentId).toBe((await db.agent.findFirstOrThrow({ where: { companyId: target.id, urlKey: lead.urlKey } })).id);
  });

  it("an owner who is not an instance admin learns nothing about other users: bundle members outside the company are invited, not added", async () => {
    const { company, owner, operator } = await buildCompany();
    const bundle = (await exportBundle(company.id, owner.token)).json;
    const target = await seedCompany();
    const targetOwner = await seedUser({ memberships: { [target.id]: "owner" } });
    await db.companyMembership.create({ data: { companyId: target.id, userId: operator.user.id, role: "viewer" } });

    const preview = (await previewImport(target.id, targetOwner.token, { bundle, target: { mode: "existing_company" } })).json;
    expect(preview.plan.conflicts.filter((conflict: { entity: string }) => conflict.entity === "member")).toEqual([]);
    expect(preview.plan).toMatchObject({ create: { members: 2 }, existing: { members: 1 } });
    const applied = await applyImport(target.id, targetOwner.token, { bundle, target: { mode: "existing_company" } });
    expect(applied.status).toBe(200);
    expect(applied.json.created.members).toBe(2);
    const invited = await db.companyInvitation.findMany({ where: { companyId: target.id }, orderBy: { email: "asc" } });
    expect(invited.map((invitation) => invitation.email).sort()).toEqual(
      bundle.members
        .filter((member: { userId: string }) => member.userId !== operator.user.id)
        .map((member: { email: string }) => member.email.toLowerCase())
        .sort(),
    );
    expect(await db.companyMembership.count({ where: { companyId: target.id } })).toBe(2);
    // The owner's comment is by someone outside the target, so it imports as nobody's rather than naming that user.
    const firstComment = await db.issueComment.findFirstOrThrow({ where: { companyId: target.id, body: "first" } });
    expect(firstComment.authorUserId).toBeNull();
  });

  it("gzip round trip: the gzipped export unpacks to the bundle, imports from base64, and counts as the same bundle", async () => {
    const { company, owner } = await buildCompany();
    const request = new NextRequest(`${BASE_URL}/api/companies/${company.id}/exports?gzip=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json" },
      body: "{}",
    });
    const response = await exportsRoute.POST(request, { params: Promise.resolve({ companyId: company.id }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/gzip");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.json\.gz"$/);
    const gz = Buffer.from(await response.arrayBuffer());
    const bundle = JSON.parse(gunzipSync(gz).toString("utf8"));
    expect(bundle.format).toBe("switchboard.company");

    const first = await applyImport(company.id, owner.token, { bundleGzipBase64: gz.toString("base64"), target: { mode: "new_company" } });
    expect(first.status).toBe(200);
    expect(first.json.created.issues).toBe(3);
    const plain = await applyImport(company.id, owner.token, { bundle, target: { mode: "new_company" } });
    expect(plain.json).toMatchObject({ companyId: first.json.companyId, importId: first.json.importId });
    expect(allZero(plain.json.created)).toBe(true);
    const bad = await previewImport(company.id, owner.token, { bundleGzipBase64: gzipSync("not json").toString("base64"), target: { mode: "new_company" } });
    expect([bad.status, bad.json.code, bad.json.invalid_params[0].name]).toEqual([422, "invalid_bundle", "bundleGzipBase64"]);
  });

  it("export is for owners: operators and viewers get 403, other companies' owners and agents get 404 or 403, and preview counts", async () => {
    const { company, owner, operator, viewer } = await buildCompany();
    const other = await seedCompany();
    const outsider = await seedUser({ memberships: { [other.id]: "owner" } });
    const { token: agentToken } = await seedAgent(company.id);
    for (const token of [operator.token, viewer.token]) {
      const res = await exportBundle(company.id, token);
      expect([res.status, res.json.code]).toEqual([403, "insufficient_role"]);
      expect((await previewExport(company.id, token)).status).toBe(403);
    }
    expect((await exportBundle(company.id, outsider.token)).status).toBe(404);
    expect((await exportBundle(company.id, agentToken)).status).toBe(403);
    const preview = await previewExport(company.id, owner.token);
    expect(preview.status).toBe(200);
    expect(preview.json.counts).toMatchObject({ agents: 3, issues: 3, comments: 2, documents: 1, approvals: 1, routines: 1, members: 3 });
  });

  it("import refuses: unknown version 422 naming bundle.version, outsiders 404, operators 403, non-admins creating a company 403", async () => {
    const { company, owner, operator } = await buildCompany();
    const bundle = (await exportBundle(company.id, owner.token)).json;
    const outsider = await seedUser({ memberships: { [(await seedCompany()).id]: "owner" } });

    const future = await previewImport(company.id, owner.token, { bundle: { ...bundle, version: 2 }, target: { mode: "new_company" } });
    expect([future.status, future.json.code, future.json.invalid_params]).toEqual([
      422,
      "unsupported_bundle_version",
      [expect.objectContaining({ name: "bundle.version" })],
    ]);
    const broken = await applyImport(company.id, owner.token, { bundle: { ...bundle, issues: [{ title: "" }] }, target: { mode: "new_company" } });
    expect([broken.status, broken.json.code]).toEqual([422, "invalid_bundle"]);
    expect(broken.json.invalid_params[0].name).toMatch(/^bundle\.issues\.0\./);
    const doubled = await previewImport(company.id, owner.token, {
      bundle: { ...bundle, issues: [...bundle.issues, bundle.issues[0]] },
      target: { mode: "new_company" },
    });
    expect([doubled.status, doubled.json.code]).toEqual([422, "invalid_bundle"]);
    expect(doubled.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["bundle.issues.3.id", "bundle.issues.3.number"]);

    expect((await applyImport(company.id, outsider.token, { bundle, target: { mode: "existing_company" } })).status).toBe(404);
    const byOperator = await applyImport(company.id, operator.token, { bundle, target: { mode: "existing_company" } });
    expect([byOperator.status, byOperator.json.code]).toEqual([403, "insufficient_role"]);
    const ownerNotAdmin = await seedUser({ memberships: { [company.id]: "owner" } });
    const newByOwner = await applyImport(company.id, ownerNotAdmin.token, { bundle, target: { mode: "new_company" } });
    expect([newByOwner.status, newByOwner.json.code]).toEqual([403, "instance_admin_required"]);
    const elsewhere = await previewImport(company.id, owner.token, { bundle, target: { mode: "existing_company", companyId: (await seedCompany()).id } });
    expect([elsewhere.status, elsewhere.json.invalid_params?.[0]?.name]).toEqual([422, "target.companyId"]);
    expect(await db.companyImport.count({ where: { targetCompanyId: company.id } })).toBe(0);
  });
});
