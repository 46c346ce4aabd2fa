import { defineRoutes, operation } from "@/lib/api/route";
import { serializeInteraction } from "@/lib/interactions/continuation";
import { RESOLVE_INTERACTION_ERRORS, resolveInteraction } from "@/lib/interactions/interactions";
import { reasonBody, interactionParams } from "@/lib/schemas/interactions";

export const { POST } = defineRoutes("/api/issues/{id}/interactions/{interactionId}/cancel", {
  POST: operation({
    summary: "Cancel an interaction",
    description: "By the agent that asked, or a board user.",
    tags: ["interactions"],
    auth: "either",
    params: interactionParams,
    body: reasonBody,
    errors: RESOLVE_INTERACTION_ERRORS,
    handler: async ({ actor, runId, params, body }) =>
      serializeInteraction((await resolveInteraction(actor, runId, params.id, params.interactionId, { type: "cancel", reason: body.reason })).interaction),
  }),
});
