import { defineRoutes, operation } from "@/lib/api/route";
import { createGoal, listGoals } from "@/lib/goals/goals";
import { serializeGoal } from "@/lib/goals/serialize";
import { companyParams } from "@/lib/schemas/common";
import { createGoalBody } from "@/lib/schemas/goals";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/goals", {
  GET: operation({
    summary: "List goals in a company",
    tags: ["goals"],
    auth: "either",
    params: companyParams,
    handler: async ({ actor, params }) => (await listGoals(actor, params.companyId)).map(serializeGoal),
  }),
  POST: operation({
    summary: "Create a goal",
    tags: ["goals"],
    auth: "either",
    params: companyParams,
    body: createGoalBody,
    status: 201,
    errors: ["board_required", "invalid_reference"],
    handler: async ({ actor, runId, params, body }) => serializeGoal(await createGoal(actor, runId, params.companyId, body)),
  }),
});
