import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { companyScope, requireCompanyAccess } from "../auth/permissions";
import { urlKeyFor } from "../agents/agents";
import { db, type Tx } from "../db/client";
import { createIdempotently } from "../db/idempotency";
import type { Prisma } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import { NotFound } from "../errors";
import { publishEvent } from "../events/publish";
import { stopProjectServices } from "../runtime/supervisor";
import type { CreateProjectInput, UpdateProjectInput } from "../schemas/projects";
import { releaseMarks } from "../marks/marks";
import { forgetProjectWorkflow } from "../workflow/workflows";

const withGoals = { goals: { include: { goal: { select: { id: true, title: true } } } } } as const;
// Commands and process environment run on the server, so only company owners set them.
const OWNER_ONLY_FIELDS = ["env", "executionWorkspacePolicy"] as const;

export async function listProjects(actor: Actor, companyId: string) {
  // AND, not a spread: the scope has its own companyId, which would replace the one asked for.
  return db.project.findMany({ where: { AND: [{ companyId }, companyScope(actor)] }, include: withGoals, orderBy: { createdAt: "asc" } });
}

/** Project lists and pages, and the first-run checklist, refetch on these (lib/queries/events.ts). */
function publishProjectEvent(tx: Tx, project: { id: string; companyId: string }, type: "project.created" | "project.updated" | "project.deleted") {
  return publishEvent(tx, { companyId: project.companyId, type, entityType: "project", entityId: project.id });
}

export async function getProject(actor: Actor, projectId: string) {
  const project = await db.project.findFirst({ where: { id: projectId, ...companyScope(actor) }, include: withGoals });
  if (!project) throw new NotFound("Project");
  return project;
}

/** With an idempotencyKey, a retried create returns the project the first attempt made (`created: false`). */
export async function createProject(actor: Actor, runId: string | null, companyId: string, input: CreateProjectInput) {
  requireWriteRights(actor, companyId, input);
  const { goalIds, goalId, idempotencyKey, env, executionWorkspacePolicy, archivedAt, ...fields } = input;
  const goals = goalIds ?? (goalId ? [goalId] : []);
  const { record, created } = await createIdempotently(
    idempotencyKey,
    () => db.project.findFirst({ where: { companyId, idempotencyKey }, include: withGoals }),
    async () => {
      await requireProjectReferences(companyId, input, goals);
      return db.$transaction(async (tx) => {
        const project = await tx.project.create({
          data: {
            ...fields,
            companyId,
            idempotencyKey: idempotencyKey ?? null,
            urlKey: urlKeyFor(input.name),
            env: (env ?? undefined) as Prisma.InputJsonObject | undefined,
            executionWorkspacePolicy: (executionWorkspacePolicy ?? undefined) as Prisma.InputJsonObject | undefined,
            archivedAt: archivedAt ? new Date(archivedAt) : null,
          },
        });
        await replaceGoals(tx, project.id, goals);
        await recordActivity(tx, actor, runId, {
          companyId,
          action: "project.created",
          entityType: "project",
          entityId: project.id,
          details: { name: project.name },
        });
        await publishProjectEvent(tx, project, "project.created");
        return tx.project.findUniqueOrThrow({ where: { id: project.id }, include: withGoals });
      });
    },
  );
  return { project: record, created };
}

export async function updateProject(actor: Actor, runId: string | null, projectId: string, input: UpdateProjectInput) {
  const project = await getProject(actor, projectId);
  requireWriteRights(actor, project.companyId, input);
  const { goalIds, goalId, env, executionWorkspacePolicy, archivedAt, ...fields } = input;
  const goals = goalIds ?? (goalId !== undefined ? (goalId ? [goalId] : []) : undefined);
  await requireProjectReferences(project.companyId, input, goals ?? []);
  const data: Prisma.ProjectUpdateInput = { ...fields };
  if (input.name) data.urlKey = urlKeyFor(input.name);
  if (env !== undefined) data.env = (env ?? null) as Prisma.InputJsonObject;
  if (executionWorkspacePolicy !== undefined) data.executionWorkspacePolicy = (executionWorkspacePolicy ?? null) as Prisma.InputJsonObject;
  if (archivedAt !== undefined) data.archivedAt = archivedAt ? new Date(archivedAt) : null;
  return db.$transaction(async (tx) => {
    await tx.project.update({ where: { id: project.id }, data });
    if (goals) await replaceGoals(tx, project.id, goals);
    await recordActivity(tx, actor, runId, {
      companyId: project.companyId,
      action: "project.updated",
      entityType: "project",
      entityId: project.id,
      details: { fields: Object.keys(input) },
    });
    await publishProjectEvent(tx, project, "project.updated");
    return tx.project.findUniqueOrThrow({ where: { id: project.id }, include: withGoals });
  });
}

export async function deleteProject(actor: Actor, runId: string | null, projectId: string) {
  const project = await getProject(actor, projectId);
  requireCompanyAccess(actor, project.companyId, "act");
  // Its workspaces go with it; their services must not run on unsupervised.
  await stopProjectServices(project.id, actor);
  await db.$transaction(async (tx) => {
    // Its issues leave it for the company's workflow, whose blocking_states they now block by.
    const recomputeBlocking = await forgetProjectWorkflow(tx, actor, project);
    // Its workspaces' marks go with events, not by the cascade; the issues the delete writes are locked first, in the
    // marks' lock order (issue rows, then the marks lock).
    await tx.$queryRaw`SELECT id FROM issues WHERE project_id = ${project.id}::uuid
        OR execution_workspace_id IN (SELECT id FROM execution_workspaces WHERE project_id = ${project.id}::uuid) ORDER BY id FOR UPDATE`;
    for (const workspace of await tx.executionWorkspace.findMany({ where: { projectId: project.id }, select: { id: true } }))
      await releaseMarks(tx, { workspaceId: workspace.id }, "project deleted");
    await tx.project.delete({ where: { id: project.id } });
    await recomputeBlocking();
    await recordActivity(tx, actor, runId, {
      companyId: project.companyId,
      action: "project.deleted",
      entityType: "project",
      entityId: project.id,
      details: { name: project.name },
    });
    await publishProjectEvent(tx, project, "project.deleted");
  });
  return { ok: true as const };
}

function requireWriteRights(actor: Actor, companyId: string, input: Partial<Record<(typeof OWNER_ONLY_FIELDS)[number], unknown>>) {
  requireCompanyAccess(actor, companyId, OWNER_ONLY_FIELDS.some((field) => input[field] !== undefined) ? "admin" : "act");
}

/** Goals, lead agent, environment and default workspace must be the company's own (422 invalid_reference naming each field). */
function requireProjectReferences(companyId: string, input: CreateProjectInput | UpdateProjectInput, goals: readonly string[]) {
  return requireCompanyReferences(companyId, [
    { field: input.goalIds ? "goalIds" : "goalId", model: "goal", ids: goals },
    { field: "leadAgentId", model: "agent", ids: [input.leadAgentId] },
    { field: "executionWorkspacePolicy.environmentId", model: "environment", ids: [input.executionWorkspacePolicy?.environmentId] },
    {
      field: "executionWorkspacePolicy.defaultProjectWorkspaceId",
      model: "projectWorkspace",
      ids: [input.executionWorkspacePolicy?.defaultProjectWorkspaceId],
    },
  ]);
}

async function replaceGoals(tx: Tx, projectId: string, goalIds: string[]) {
  await tx.projectGoal.deleteMany({ where: { projectId } });
  const unique = [...new Set(goalIds)];
  if (unique.length) await tx.projectGoal.createMany({ data: unique.map((goalId, position) => ({ projectId, goalId, position })) });
}
