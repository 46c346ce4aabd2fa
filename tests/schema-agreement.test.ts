// Proves prisma/schema.prisma and the hand-written migrations describe the same database.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";

type Column = { column: string; type: string; nullable: boolean };
type Model = { name: string; table: string; columns: Column[]; uniques: string[][] };

const SCALAR_TYPES: Record<string, string> = { String: "text", Int: "integer", BigInt: "bigint", Boolean: "boolean", DateTime: "timestamp", Json: "jsonb" };
const NATIVE_TYPES: Record<string, string> = { Uuid: "uuid", Timestamptz: "timestamp with time zone", SmallInt: "smallint" };

function parseSchema(source: string): Model[] {
  const models: Model[] = [];
  for (const match of source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const [, name, body] = match;
    const lines = body
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("//"));
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name;
    const columns: Column[] = [];
    const fieldToColumn = new Map<string, string>();
    const uniques: string[][] = [];
    for (const line of lines) {
      if (line.startsWith("@@")) continue;
      const [field, rawType] = line.split(/\s+/);
      const unsupported = /^Unsupported\("([^"]+)"\)/.exec(rawType)?.[1];
      const baseType = rawType.replace(/[?[\]]/g, "");
      if (!unsupported && !(baseType in SCALAR_TYPES)) continue; // relation field
      const column = /@map\("([^"]+)"\)/.exec(line)?.[1] ?? field;
      const native = /@db\.(\w+)/.exec(line)?.[1];
      const isList = rawType.endsWith("[]");
      fieldToColumn.set(field, column);
      const scalar =
        unsupported ?? (native ? NATIVE_TYPES[native] : SCALAR_TYPES[baseType] === "timestamp" ? "timestamp without time zone" : SCALAR_TYPES[baseType]);
      // Prisma creates scalar lists as nullable PostgreSQL arrays.
      columns.push({ column, type: isList ? `${scalar}[]` : scalar, nullable: isList || rawType.endsWith("?") });
      if (/@unique\b/.test(line)) uniques.push([column]);
    }
    for (const unique of body.matchAll(/@@unique\(\[([^\]]+)\]\)/g)) uniques.push(unique[1].split(",").map((f) => fieldToColumn.get(f.trim())!));
    models.push({ name, table, columns, uniques });
  }
  return models;
}

function columnType(row: { data_type: string; udt_name: string }): string {
  if (row.data_type === "USER-DEFINED") return row.udt_name;
  if (row.data_type === "ARRAY") return `${UDT_NAMES[row.udt_name.slice(1)] ?? row.udt_name.slice(1)}[]`;
  return row.data_type;
}
const UDT_NAMES: Record<string, string> = { uuid: "uuid", text: "text", int4: "integer" };

const models = parseSchema(readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8"));

describe("schema.prisma ↔ migrations", () => {
  it("has a table for every model and a model for every table", async () => {
    const tables = await db.$queryRaw<
      { tablename: string }[]
    >`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
    expect(tables.map((t) => t.tablename).sort()).toEqual(models.map((m) => m.table).sort());
  });

  it.each(models.map((m) => [m.name, m] as const))("%s columns match in name, type and nullability", async (_name, model) => {
    const rows = await db.$queryRaw<{ column_name: string; data_type: string; udt_name: string; is_nullable: string }[]>`
      SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${model.table}`;
    const actual = rows
      .map((row) => ({ column: row.column_name, type: columnType(row), nullable: row.is_nullable === "YES" }))
      .sort((a, b) => a.column.localeCompare(b.column));
    expect(actual).toEqual([...model.columns].sort((a, b) => a.column.localeCompare(b.column)));
  });

  // Partial unique indexes (one primary workspace per project, one pending action per command) and expression ones (a
  // file mark per workspace-or-none, path and agent) have no schema.prisma syntax; they live in the migrations only.
  it.each(models.map((m) => [m.name, m] as const))("%s unique constraints exist", async (_name, model) => {
    const indexes = await db.$queryRaw<{ columns: string[] }[]>`
      SELECT array_agg(a.attname ORDER BY k.ordinality)::text[] AS columns
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ordinality)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname = ${model.table} AND i.indisunique AND NOT i.indisprimary AND i.indpred IS NULL AND i.indexprs IS NULL
      GROUP BY i.indexrelid`;
    const actual = indexes.map((index) => index.columns.join(",")).sort();
    expect(actual).toEqual(model.uniques.map((u) => u.join(",")).sort());
  });

  it("round-trips every model through the generated client", async () => {
    const company = await db.company.create({ data: { name: "Round Trip", issuePrefix: "RT", settings: { a: 1 } } });
    const user = await db.user.create({ data: { email: "rt@example.com", name: "RT", passwordHash: "x" } });
    const membership = await db.companyMembership.create({ data: { companyId: company.id, userId: user.id, role: "owner" } });
    const boardKey = await db.boardApiKey.create({
      data: { userId: user.id, name: "k", keyHash: "h1", keyPrefix: "p", expiresAt: new Date(), requestedCompanyId: company.id },
    });
    const agent = await db.agent.create({ data: { companyId: company.id, name: "A", urlKey: "a", metadata: { x: true }, lastHeartbeatAt: new Date() } });
    const agentKey = await db.agentApiKey.create({ data: { agentId: agent.id, companyId: company.id, name: "k", keyHash: "h2", keyPrefix: "p" } });
    const goal = await db.goal.create({ data: { companyId: company.id, title: "G", ownerAgentId: agent.id } });
    const project = await db.project.create({
      data: { companyId: company.id, name: "P", urlKey: "p", env: { A: "1" }, executionWorkspacePolicy: { enabled: true }, idempotencyKey: "k" },
    });
    const projectGoal = await db.projectGoal.create({ data: { projectId: project.id, goalId: goal.id } });
    const activity = await db.activityLog.create({
      data: { companyId: company.id, actorType: "user", actorId: user.id, action: "x", entityType: "company", entityId: company.id, details: { y: 2 } },
    });
    const setting = await db.instanceSetting.create({ data: { key: "k", value: { on: true } } });

    expect(await db.company.findUniqueOrThrow({ where: { id: company.id } })).toEqual(company);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(user);
    expect(await db.companyMembership.findUniqueOrThrow({ where: { id: membership.id } })).toEqual(membership);
    expect(await db.boardApiKey.findUniqueOrThrow({ where: { id: boardKey.id } })).toEqual(boardKey);
    expect(await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).toEqual(agent);
    expect(await db.agentApiKey.findUniqueOrThrow({ where: { id: agentKey.id } })).toEqual(agentKey);
    expect(await db.goal.findUniqueOrThrow({ where: { id: goal.id } })).toEqual(goal);
    expect(await db.project.findUniqueOrThrow({ where: { id: project.id } })).toEqual(project);
    expect(await db.projectGoal.findFirstOrThrow({ where: { projectId: project.id } })).toEqual(projectGoal);
    expect(await db.activityLog.findUniqueOrThrow({ where: { id: activity.id } })).toEqual(activity);
    expect(await db.instanceSetting.findUniqueOrThrow({ where: { key: "k" } })).toEqual(setting);
    expect(agentKey.scope).toEqual({ kind: "standard" });

    const issue = await db.issue.create({
      data: {
        companyId: company.id,
        number: 1,
        identifier: "RT-1",
        title: "T",
        priorityRank: 1,
        assigneeAgentId: agent.id,
        projectId: project.id,
        goalId: goal.id,
        startedAt: new Date(),
      },
    });
    const blocker = await db.issue.create({ data: { companyId: company.id, number: 2, identifier: "RT-2", title: "B", parentId: issue.id } });
    const relation = await db.issueRelation.create({ data: { companyId: company.id, issueId: issue.id, blockedByIssueId: blocker.id } });
    const comment = await db.issueComment.create({
      data: { companyId: company.id, issueId: issue.id, body: "hi @a", authorAgentId: agent.id, mentionedAgentIds: [agent.id] },
    });
    const label = await db.label.create({ data: { companyId: company.id, name: "bug", color: "#ff0000" } });
    const issueLabel = await db.issueLabel.create({ data: { issueId: issue.id, labelId: label.id } });
    const run = await db.heartbeatRun.create({
      data: { id: "00000000-0000-4000-8000-00000000000a", companyId: company.id, agentId: agent.id, context: { k: 1 } },
    });
    const wakeup = await db.agentWakeupRequest.create({
      data: {
        companyId: company.id,
        agentId: agent.id,
        reason: "issue_assigned",
        issueId: issue.id,
        payload: { p: 1 },
        requestedByType: "user",
        requestedById: user.id,
      },
    });
    // The inbox's last-actor columns are written by the migration's triggers (here, the agent's comment).
    expect(await db.issue.findUniqueOrThrow({ where: { id: issue.id } })).toEqual({
      ...issue,
      lastActivityAt: comment.createdAt,
      lastActivityActor: `agent:${agent.id}`,
    });
    // issue_search rows are written by the migration's triggers, never by the client.
    expect(await db.issueSearch.findUniqueOrThrow({ where: { issueId: issue.id } })).toEqual({ issueId: issue.id, companyId: company.id });
    expect(await db.issueRelation.findUniqueOrThrow({ where: { id: relation.id } })).toEqual(relation);
    expect(await db.issueComment.findUniqueOrThrow({ where: { id: comment.id } })).toEqual(comment);
    expect(await db.label.findUniqueOrThrow({ where: { id: label.id } })).toEqual(label);
    expect(await db.issueLabel.findFirstOrThrow({ where: { issueId: issue.id } })).toEqual(issueLabel);
    expect(await db.heartbeatRun.findUniqueOrThrow({ where: { id: run.id } })).toEqual(run);
    expect(await db.agentWakeupRequest.findUniqueOrThrow({ where: { id: wakeup.id } })).toEqual(wakeup);
  });
  it("round-trips the workspace models through the generated client", async () => {
    const company = await db.company.create({ data: { name: "Workspace Trip", issuePrefix: "WT" } });
    const project = await db.project.create({ data: { companyId: company.id, name: "P", urlKey: "p" } });
    const issue = await db.issue.create({
      data: {
        companyId: company.id,
        number: 1,
        identifier: "WT-1",
        title: "T",
        projectId: project.id,
        executionWorkspacePreference: "isolated_workspace",
        executionWorkspaceSettings: { mode: "isolated_workspace" },
      },
    });
    const projectWorkspace = await db.projectWorkspace.create({
      data: {
        companyId: company.id,
        projectId: project.id,
        name: "main",
        cwd: "/srv/p",
        isPrimary: true,
        metadata: { a: 1 },
        runtimeConfig: { workspaceRuntime: { commands: [] } },
      },
    });
    const workspace = await db.executionWorkspace.create({
      data: {
        companyId: company.id,
        projectId: project.id,
        projectWorkspaceId: projectWorkspace.id,
        sourceIssueId: issue.id,
        name: "WT-1-workspace",
        branchName: "WT-1-workspace",
        config: { teardownCommand: "true" },
        cleanupEligibleAt: new Date(),
        cleanupReason: "idle",
      },
    });
    const link = await db.executionWorkspaceIssue.create({ data: { executionWorkspaceId: workspace.id, issueId: issue.id } });
    const service = await db.workspaceRuntimeService.create({
      data: {
        companyId: company.id,
        executionWorkspaceId: workspace.id,
        workspaceCommandId: "web",
        serviceName: "web",
        command: "node server.js",
        port: 4100,
        pid: 42,
        pidStartTime: "123",
        startedAt: new Date(),
      },
    });
    const operation = await db.workspaceOperation.create({
      data: {
        companyId: company.id,
        executionWorkspaceId: workspace.id,
        runtimeServiceId: service.id,
        workspaceCommandId: "web",
        phase: "service_start",
        status: "succeeded",
        exitCode: 0,
        finishedAt: new Date(),
      },
    });
    const linked = await db.issue.update({ where: { id: issue.id }, data: { executionWorkspaceId: workspace.id } });

    expect(await db.issue.findUniqueOrThrow({ where: { id: issue.id } })).toEqual(linked);
    expect(await db.projectWorkspace.findUniqueOrThrow({ where: { id: projectWorkspace.id } })).toEqual(projectWorkspace);
    expect(await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspace.id } })).toEqual(workspace);
    expect(await db.executionWorkspaceIssue.findFirstOrThrow({ where: { issueId: issue.id } })).toEqual(link);
    expect(await db.workspaceRuntimeService.findUniqueOrThrow({ where: { id: service.id } })).toEqual(service);
    expect(await db.workspaceOperation.findUniqueOrThrow({ where: { id: operation.id } })).toEqual(operation);
    // The partial unique indexes the schema cannot express: one primary per project, one pending action per command.
    await expect(db.projectWorkspace.create({ data: { companyId: company.id, projectId: project.id, name: "second", isPrimary: true } })).rejects.toThrow();
    await db.workspaceOperation.create({
      data: { companyId: company.id, executionWorkspaceId: workspace.id, workspaceCommandId: "web", phase: "service_start" },
    });
    await expect(
      db.workspaceOperation.create({ data: { companyId: company.id, executionWorkspaceId: workspace.id, workspaceCommandId: "web", phase: "service_stop" } }),
    ).rejects.toThrow();
  });
});
