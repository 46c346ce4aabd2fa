import { z } from "zod";
import { nonEmptyText } from "./common";
import { GOAL_LEVELS, GOAL_STATUSES } from "./values";

export { GOAL_LEVELS, GOAL_STATUSES };

const goalEditable = z.strictObject({
  title: nonEmptyText.max(300).optional(),
  description: z.string().max(50_000).nullable().optional(),
  level: z.enum(GOAL_LEVELS).optional(),
  status: z.enum(GOAL_STATUSES).optional(),
  parentId: z.uuid().nullable().optional().describe("Parent goal, same company"),
  ownerAgentId: z.uuid().nullable().optional().describe("Owning agent, same company"),
});

export const createGoalBody = goalEditable.extend({ title: nonEmptyText.max(300) });
export const updateGoalBody = goalEditable;

export type CreateGoalInput = z.output<typeof createGoalBody>;
export type UpdateGoalInput = z.output<typeof updateGoalBody>;
