import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { requireBoard, requireCompanyAccess, requireOwnerFor } from "../auth/permissions";
import { db } from "../db/client";
import { Prisma, type ExecutionWorkspace } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import { Unprocessable } from "../errors";
import { publishWorkspaceEvent } from "../runtime/operations";
import type { UpdateExecutionWorkspaceInput } from "../schemas/workspaces";
import { closeExecutionWorkspace } from "./close";
import { findExecutionWorkspace } from "./find";
import { requireWorkspaceRuntime } from "./runtime-config";
import { environmentOf } from "../environments/environments";
import { environmentRef } from "../environments/serialize";
import { troubleshootingSignals } from "./signals";

const issueSummary = {
  id: true,
  identifier: true,
  title: true,
  status: true,
  priority: true,
  assigneeAgentId: true,
  executionRunId: true,
  updatedAt: true,
} as const;

/** A workspace with everything its detail screen shows: services, project workspace, linked issues, source. */
export async function loadWorkspaceDetail(workspace: ExecutionWorkspace) {
  const [services, projectWorkspace, links, project] = await Promise.all([
    db.workspaceRuntimeService.findMany({ where: { executionWorkspaceId: workspace.id }, orderBy: { serviceName: "asc" } }),
    workspace.projectWorkspaceId ? db.projectWorkspace.findUnique({ where: { id: workspace.projectWorkspaceId } }) : null,
    db.executionWorkspaceIssue.findMany({ where: { executionWorkspaceId: workspace.id }, orderBy: { linkedAt: "asc" }, select: { issueId: true } }),
    db.project.findUnique({ where: { id: workspace.projectId }, select: { id: true, name: true, urlKey: true } }),
  ]);
  const linkedIssues = await db.issue.findMany({
    where: { id: { in: links.map((link) => link.issueId) } },
    select: issueSummary,
    orderBy: [{ priorityRank: "asc" }, { updatedAt: "desc" }],
  });
  const sourceIssue =
    linkedIssues.find((issue) => issue.id === workspace.sourceIssueId) ??
    (workspace.sourceIssueId ? await db.issue.findUnique({ where: { id: workspace.sourceIssueId }, select: issueSummary }) : null);
  const [environment, signals] = await Promise.all([environmentOf(workspace).then(environmentRef), troubleshootingSignals(workspace, projectWorkspace)]);
  return {
    workspace,
    services,
    projectWorkspace,
    linkedIssues,
    project,
    environment,
    signals,
    sourceIssue: sourceIssue ? { id: sourceIssue.id, identifier: sourceIssue.identifier, title: sourceIssue.title } : null,
  };
}

export async function getExecutionWorkspace(actor: Actor, id: string) {
  return loadWorkspaceDetail(await findExecutionWorkspace(actor, id));
}

type ListFilters = { projectId?: string; projectWorkspaceId?: string; issueId?: string; status?: string[]; reuseEligible?: boolean };

export async function listExecutionWorkspaces(actor: Actor, companyId: string, filters: ListFilters) {
  requireCompanyAccess(actor, companyId, "read");
  const where: Prisma.ExecutionWorkspaceWhereInput = { companyId };
  if (filters.projectId) where.projectId = filters.projectId;
  if (filters.projectWorkspaceId) where.projectWorkspaceId = filters.projectWorkspaceId;
  if (filters.issueId) where.sourceIssueId = filters.issueId;
  if (filters.status?.length) where.status = { in: filters.status };
  if (filters.reuseEligible) Object.assign(where, { status: { in: ["active", "idle", "in_review"] }, closedAt: null });
  const workspaces = await db.executionWorkspace.findMany({ where, orderBy: [{ lastUsedAt: "desc" }, { createdAt: "desc" }], take: 500 });
  const services = await db.workspaceRuntimeService.findMany({ where: { executionWorkspaceId: { in: workspaces.map((workspace) => workspace.id) } } });
  return workspaces.map((workspace) => ({ workspace, services: services.filter((service) => service.executionWorkspaceId === workspace.id) }));
}

/**
 * The Workspaces screen: every project with workspace activity, its primary and configured project workspaces and
 * its execution workspaces (archived ones only when asked for), projects with running services first.
 */
export async function workspaceOverview(actor: Actor, companyId: string, query: { projectId?: string; status?: string[]; limit: number; offset: number }) {
  requireCompanyAccess(actor, companyId, "read");
  const statuses = query.status?.length ? query.status : ["active", "idle", "in_review", "cleanup_failed"];
  const where: Prisma.ExecutionWorkspaceWhereInput = { companyId, status: { in: statuses }, ...(query.projectId ? { projectId: query.projectId } : {}) };
  const [total, executionWorkspaces, projectWorkspaces] = await Promise.all([
    db.executionWorkspace.count({ where }),
    db.executionWorkspace.findMany({ where, orderBy: [{ lastUsedAt: "desc" }, { id: "asc" }], skip: query.offset, take: query.limit }),
    db.projectWorkspace.findMany({
      where: { companyId, ...(query.projectId ? { projectId: query.projectId } : {}) },
      orderBy: [{ isPrimary: "desc" }, { createdAt: "asc" }],
    }),
  ]);
  const shownProjectWorkspaces = projectWorkspaces.filter(
    (workspace) => workspace.isPrimary || (workspace.runtimeConfig as { workspaceRuntime?: unknown } | null)?.workspaceRuntime,
  );
  const [services, links, projects] = await Promise.all([
    db.workspaceRuntimeService.findMany({
      where: {
        OR: [{ executionWorkspaceId: { in: executionWorkspaces.map((w) => w.id) } }, { projectWorkspaceId: { in: shownProjectWorkspaces.map((w) => w.id) } }],
      },
    }),
    db.executionWorkspaceIssue.findMany({ where: { executionWorkspaceId: { in: executionWorkspaces.map((w) => w.id) } } }),
    db.project.findMany({ where: { companyId }, select: { id: true, name: true, urlKey: true } }),
  ]);
  const issues = await db.issue.findMany({ where: { id: { in: links.map((link) => link.issueId) } }, select: issueSummary });
  const projectWorkspaceById = new Map(projectWorkspaces.map((workspace) => [workspace.id, workspace]));
  return {
    executionWorkspaces: executionWorkspaces.map((workspace) => ({
      workspace,
      services: services.filter((service) => service.executionWorkspaceId === workspace.id),
      projectWorkspace: workspace.projectWorkspaceId ? (projectWorkspaceById.get(workspace.projectWorkspaceId) ?? null) : null,
      linkedIssues: issues.filter((issue) => links.some((link) => link.executionWorkspaceId === workspace.id && link.issueId === issue.id)),
    })),
    projectWorkspaces: shownProjectWorkspaces.map((workspace) => ({
      workspace,
      services: services.filter((service) => service.projectWorkspaceId === workspace.id),
    })),
    projects,
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

// Where commands run and what they are decide what executes on this server: company owners only.
const OWNER_FIELDS = ["cwd", "providerRef", "config"] as const;

export async function updateExecutionWorkspace(actor: Actor, runId: string | null, id: string, input: UpdateExecutionWorkspaceInput) {
  const current = await findExecutionWorkspace(actor, id);
  requireBoard(actor);
  requireCompanyAccess(actor, current.companyId, "act");
  requireOwnerFor(
    actor,
    current.companyId,
    OWNER_FIELDS.filter((field) => input[field] !== undefined),
  );
  const { status, config, metadata, cleanupEligibleAt, ...fields } = input;
  if (status && status !== "archived" && current.status === "archived")
    throw Unprocessable.field("status", "An archived workspace cannot be reopened; its checkout is gone", "workspace_archived");
  const data: Prisma.ExecutionWorkspaceUncheckedUpdateInput = { ...fields };
  if (metadata !== undefined) data.metadata = metadata === null ? Prisma.DbNull : (metadata as Prisma.InputJsonObject);
  if (cleanupEligibleAt !== undefined) data.cleanupEligibleAt = cleanupEligibleAt ? new Date(cleanupEligibleAt) : null;
  if (config?.environmentId !== undefined) {
    // The workspace's environment is a column (conflicts compare it); a new one clears the conflict it settles.
    await requireCompanyReferences(current.companyId, [{ field: "config.environmentId", model: "environment", ids: [config.environmentId] }]);
    Object.assign(data, { environmentId: config.environmentId, environmentConflict: Prisma.DbNull });
  }
  if (config !== undefined)
    data.config = mergeConfig(
      current.config as Record<string, unknown>,
      config === null ? null : { ...config, environmentId: undefined },
    ) as Prisma.InputJsonObject;
  if (status && status !== "archived") data.status = status;
  await db.$transaction(async (tx) => {
    await tx.executionWorkspace.update({ where: { id: current.id }, data });
    await recordActivity(tx, actor, runId, {
      companyId: current.companyId,
      action: "execution_workspace.updated",
      entityType: "execution_workspace",
      entityId: current.id,
      details: { fields: Object.keys(input) },
    });
  });
  await publishWorkspaceEvent({ kind: "execution", id: current.id, companyId: current.companyId }, "workspace.updated");
  // Closing runs after the field changes are saved, so a fixed teardown command is the one a retry uses.
  if (status === "archived" && current.status !== "archived") await closeExecutionWorkspace(actor, runId, current.id);
  return getExecutionWorkspace(actor, current.id);
}

/** A `workspaceRuntime: null` drops the override (reset to inherit); other keys replace their stored values. */
function mergeConfig(stored: Record<string, unknown>, patch: NonNullable<UpdateExecutionWorkspaceInput["config"]> | null) {
  if (patch === null) return {};
  const next: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (key === "workspaceRuntime") {
      if (value === null) delete next.workspaceRuntime;
      else next.workspaceRuntime = requireWorkspaceRuntime(value, "config.workspaceRuntime");
    } else if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
