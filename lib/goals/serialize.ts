import type { Goal } from "../db/generated/client";

export function serializeGoal(goal: Goal) {
  return {
    id: goal.id,
    companyId: goal.companyId,
    title: goal.title,
    description: goal.description,
    level: goal.level,
    status: goal.status,
    parentId: goal.parentId,
    ownerAgentId: goal.ownerAgentId,
    createdAt: goal.createdAt.toISOString(),
    updatedAt: goal.updatedAt.toISOString(),
  };
}
