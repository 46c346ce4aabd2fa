import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { companyScope, requireServerPathOwner } from "../auth/permissions";
import { db } from "../db/client";
import { Prisma, type ProjectWorkspace } from "../db/generated/client";
import { Conflict, NotFound } from "../errors";
import { getProject } from "../projects/projects";
import { publishWorkspaceEvent } from "../runtime/operations";
import { stopAllServices } from "../runtime/supervisor";
import type { CreateProjectWorkspaceInput, UpdateProjectWorkspaceInput } from "../schemas/workspaces";
import { requireWorkspaceRuntime } from "./runtime-config";

export async function listProjectWorkspaces(actor: Actor, projectId: string) {
  const project = await getProject(actor, projectId);
  const workspaces = await db.projectWorkspace.findMany({ where: { projectId: project.id }, orderBy: [{ isPrimary: "desc" }, { createdAt: "asc" }] });
  const services = await db.workspaceRuntimeService.findMany({
    where: { projectWorkspaceId: { in: workspaces.map((workspace) => workspace.id) } },
    orderBy: { serviceName: "asc" },
  });
  return workspaces.map((workspace) => ({ workspace, services: services.filter((service) => service.projectWorkspaceId === workspace.id) }));
}

export async function findProjectWorkspace(actor: Actor, projectId: string, workspaceId: string): Promise<ProjectWorkspace> {
  const workspace = await db.projectWorkspace.findFirst({ where: { id: workspaceId, projectId, ...companyScope(actor) } });
  if (!workspace) throw new NotFound("Project workspace");
  return workspace;
}

export async function getProjectWorkspace(actor: Actor, projectId: string, workspaceId: string) {
  const workspace = await findProjectWorkspace(actor, projectId, workspaceId);
  return { workspace, services: await db.workspaceRuntimeService.findMany({ where: { projectWorkspaceId: workspace.id }, orderBy: { serviceName: "asc" } }) };
}

function dataFrom(input: UpdateProjectWorkspaceInput): Prisma.ProjectWorkspaceUncheckedUpdateInput {
  const { runtimeConfig, metadata, ...fields } = input;
  const data: Prisma.ProjectWorkspaceUncheckedUpdateInput = { ...fields };
  if (metadata !== undefined) data.metadata = metadata === null ? Prisma.DbNull : (metadata as Prisma.InputJsonObject);
  if (runtimeConfig !== undefined) {
    const workspaceRuntime = runtimeConfig?.workspaceRuntime ? requireWorkspaceRuntime(runtimeConfig.workspaceRuntime, "runtimeConfig.workspaceRuntime") : null;
    data.runtimeConfig = runtimeConfig === null ? Prisma.DbNull : ({ ...runtimeConfig, workspaceRuntime } as Prisma.InputJsonObject);
  }
  return data;
}

/** The first workspace of a project becomes its primary; a new primary demotes the old one in the same transaction. */
export async function createProjectWorkspace(actor: Actor, runId: string | null, projectId: string, input: CreateProjectWorkspaceInput) {
  const project = await getProject(actor, projectId);
  requireServerPathOwner(actor, project.companyId);
  const data = dataFrom(input) as Prisma.ProjectWorkspaceUncheckedCreateInput;
  const created = await db.$transaction(async (tx) => {
    const count = await tx.projectWorkspace.count({ where: { projectId: project.id } });
    const isPrimary = input.isPrimary ?? count === 0;
    if (isPrimary) await tx.projectWorkspace.updateMany({ where: { projectId: project.id, isPrimary: true }, data: { isPrimary: false } });
    const workspace = await tx.projectWorkspace.create({ data: { ...data, name: input.name, isPrimary, companyId: project.companyId, projectId: project.id } });
    await recordActivity(tx, actor, runId, {
      companyId: project.companyId,
      action: "project_workspace.created",
      entityType: "project_workspace",
      entityId: workspace.id,
      details: { projectId: project.id, name: workspace.name },
    });
    return { workspace, services: [] };
  });
  await publishWorkspaceEvent({ kind: "project", id: created.workspace.id, companyId: project.companyId }, "workspace.created");
  return created;
}

export async function updateProjectWorkspace(actor: Actor, runId: string | null, projectId: string, workspaceId: string, input: UpdateProjectWorkspaceInput) {
  const current = await findProjectWorkspace(actor, projectId, workspaceId);
  requireServerPathOwner(actor, current.companyId);
  const data = dataFrom(input);
  const workspace = await db.$transaction(async (tx) => {
    if (input.isPrimary === true)
      await tx.projectWorkspace.updateMany({ where: { projectId, isPrimary: true, id: { not: current.id } }, data: { isPrimary: false } });
    const updated = await tx.projectWorkspace.update({ where: { id: current.id }, data });
    await recordActivity(tx, actor, runId, {
      companyId: current.companyId,
      action: "project_workspace.updated",
      entityType: "project_workspace",
      entityId: current.id,
      details: { fields: Object.keys(input) },
    });
    return updated;
  });
  await publishWorkspaceEvent({ kind: "project", id: workspace.id, companyId: workspace.companyId }, "workspace.updated");
  return getProjectWorkspace(actor, projectId, workspace.id);
}

/** Deleting stops the workspace's services first; execution workspaces carved from it keep their own checkout. */
export async function deleteProjectWorkspace(actor: Actor, runId: string | null, projectId: string, workspaceId: string) {
  const current = await findProjectWorkspace(actor, projectId, workspaceId);
  requireServerPathOwner(actor, current.companyId);
  const active = await db.executionWorkspace.count({ where: { projectWorkspaceId: current.id, status: { notIn: ["archived"] } } });
  if (active)
    throw new Conflict(`${active} execution workspace(s) still depend on this project workspace; close them first`, "workspace_in_use", {
      executionWorkspaceCount: active,
    });
  await stopAllServices({ kind: "project", id: current.id, companyId: current.companyId }, actor);
  await db.$transaction(async (tx) => {
    await tx.projectWorkspace.delete({ where: { id: current.id } });
    await recordActivity(tx, actor, runId, {
      companyId: current.companyId,
      action: "project_workspace.deleted",
      entityType: "project_workspace",
      entityId: current.id,
      details: { projectId, name: current.name },
    });
  });
  await publishWorkspaceEvent({ kind: "project", id: current.id, companyId: current.companyId }, "workspace.deleted");
  return { workspace: current, services: [] };
}
