import { defineRoutes, operation } from "@/lib/api/route";
import { serializeInteraction } from "@/lib/interactions/continuation";
import { resolveInteraction } from "@/lib/interactions/interactions";
import { reasonBody, interactionParams } from "@/lib/schemas/interactions";

export const { POST } = defineRoutes("/api/issues/{id}/interactions/{interactionId}/cancel", {
  POST: operation({
    summary: "Cancel an interaction",
    description: "By the agent that asked, or a board user.",
    tags: ["interactions"],
    auth: "either",
    params: interactionParams,
    body: reasonBody,
    errors: [
      "run_id_required",
      "board_required",
      "board_resolution_required",
      "insufficient_role",
      "not_addressee",
      "not_interaction_creator",
      "resolver_is_creator",
      "run_agent_mismatch",
      "run_token_mismatch",
      "not_found",
      "interaction_resolved",
      "invalid_answers",
      "reason_required",
      "wrong_interaction_kind",
    ],
    handler: async ({ actor, runId, params, body }) =>
      serializeInteraction((await resolveInteraction(actor, runId, params.id, params.interactionId, { type: "cancel", reason: body.reason })).interaction),
  }),
});
