import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { companyScope, requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import { requireCompanyReferences } from "../db/references";
import { NotFound, Unprocessable } from "../errors";
import type { CreateGoalInput, UpdateGoalInput } from "../schemas/goals";

export async function listGoals(actor: Actor, companyId: string) {
  // AND, not a spread: the scope has its own companyId, which would replace the one asked for.
  return db.goal.findMany({ where: { AND: [{ companyId }, companyScope(actor)] }, orderBy: { createdAt: "asc" } });
}

export async function getGoal(actor: Actor, goalId: string) {
  const goal = await db.goal.findFirst({ where: { id: goalId, ...companyScope(actor) } });
  if (!goal) throw new NotFound("Goal");
  return goal;
}

export async function createGoal(actor: Actor, runId: string | null, companyId: string, input: CreateGoalInput) {
  requireCompanyAccess(actor, companyId, "act");
  await requireCompanyReferences(companyId, [
    { field: "parentId", model: "goal", ids: [input.parentId] },
    { field: "ownerAgentId", model: "agent", ids: [input.ownerAgentId] },
  ]);
  return db.$transaction(async (tx) => {
    const goal = await tx.goal.create({ data: { companyId, ...input } });
    await recordActivity(tx, actor, runId, { companyId, action: "goal.created", entityType: "goal", entityId: goal.id, details: { title: goal.title } });
    return goal;
  });
}

export async function updateGoal(actor: Actor, runId: string | null, goalId: string, input: UpdateGoalInput) {
  const goal = await getGoal(actor, goalId);
  requireCompanyAccess(actor, goal.companyId, "act");
  await requireCompanyReferences(goal.companyId, [
    { field: "parentId", model: "goal", ids: [input.parentId] },
    { field: "ownerAgentId", model: "agent", ids: [input.ownerAgentId] },
  ]);
  if (input.parentId) await requireNoGoalCycle(goal.id, input.parentId);
  return db.$transaction(async (tx) => {
    const updated = await tx.goal.update({ where: { id: goal.id }, data: input });
    await recordActivity(tx, actor, runId, {
      companyId: goal.companyId,
      action: "goal.updated",
      entityType: "goal",
      entityId: goal.id,
      details: { fields: Object.keys(input) },
    });
    return updated;
  });
}

export async function deleteGoal(actor: Actor, runId: string | null, goalId: string) {
  const goal = await getGoal(actor, goalId);
  requireCompanyAccess(actor, goal.companyId, "act");
  await db.$transaction(async (tx) => {
    await tx.goal.delete({ where: { id: goal.id } });
    await recordActivity(tx, actor, runId, {
      companyId: goal.companyId,
      action: "goal.deleted",
      entityType: "goal",
      entityId: goal.id,
      details: { title: goal.title },
    });
  });
  return { ok: true as const };
}

async function requireNoGoalCycle(goalId: string, parentId: string) {
  const seen = new Set<string>();
  for (let current: string | null = parentId; current && !seen.has(current);) {
    if (current === goalId) throw Unprocessable.field("parentId", "A goal cannot be its own ancestor", "goal_cycle");
    seen.add(current);
    const parent: { parentId: string | null } | null = await db.goal.findUnique({ where: { id: current }, select: { parentId: true } });
    current = parent?.parentId ?? null;
  }
}
