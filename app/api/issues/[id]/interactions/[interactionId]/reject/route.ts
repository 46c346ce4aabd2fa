import { defineRoutes, operation } from "@/lib/api/route";
import { serializeInteraction } from "@/lib/interactions/continuation";
import { RESOLVE_INTERACTION_ERRORS, resolveInteraction } from "@/lib/interactions/interactions";
import { reasonBody, interactionParams } from "@/lib/schemas/interactions";

export const { POST } = defineRoutes("/api/issues/{id}/interactions/{interactionId}/reject", {
  POST: operation({
    summary: "Reject a confirmation",
    description: "reason is required when the payload sets rejectRequiresReason (422 without it); the reason reaches the woken assignee.",
    tags: ["interactions"],
    auth: "either",
    params: interactionParams,
    body: reasonBody,
    errors: RESOLVE_INTERACTION_ERRORS,
    handler: async ({ actor, runId, params, body }) =>
      serializeInteraction((await resolveInteraction(actor, runId, params.id, params.interactionId, { type: "reject", reason: body.reason })).interaction),
  }),
});
