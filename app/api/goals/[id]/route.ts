import { defineRoutes, operation } from "@/lib/api/route";
import { deleteGoal, getGoal, updateGoal } from "@/lib/goals/goals";
import { serializeGoal } from "@/lib/goals/serialize";
import { idParams } from "@/lib/schemas/common";
import { updateGoalBody } from "@/lib/schemas/goals";

export const { GET, PATCH, DELETE } = defineRoutes("/api/goals/{id}", {
  GET: operation({
    summary: "Get a goal",
    tags: ["goals"],
    auth: "either",
    params: idParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => serializeGoal(await getGoal(actor, params.id)),
  }),
  PATCH: operation({
    summary: "Update a goal",
    description: "parentId must stay in the company and may not create a cycle (422).",
    tags: ["goals"],
    auth: "either",
    params: idParams,
    body: updateGoalBody,
    errors: ["board_required", "insufficient_role", "not_found", "goal_cycle", "invalid_reference"],
    handler: async ({ actor, runId, params, body }) => serializeGoal(await updateGoal(actor, runId, params.id, body)),
  }),
  DELETE: operation({
    summary: "Delete a goal",
    tags: ["goals"],
    auth: "either",
    params: idParams,
    errors: ["board_required", "insufficient_role", "not_found"],
    handler: ({ actor, runId, params }) => deleteGoal(actor, runId, params.id),
  }),
});
