import { defineRoutes, operation } from "@/lib/api/route";
import { serializeInteraction } from "@/lib/interactions/continuation";
import { resolveInteraction } from "@/lib/interactions/interactions";
import { acceptInteractionBody, interactionParams } from "@/lib/schemas/interactions";

export const { POST } = defineRoutes("/api/issues/{id}/interactions/{interactionId}/accept", {
  POST: operation({
    summary: "Accept a confirmation",
    description: "Conditional on it still being pending (409 otherwise); a confirmation of a replaced document revision expires instead (409 stale_target).",
    tags: ["interactions"],
    auth: "either",
    params: interactionParams,
    body: acceptInteractionBody,
    handler: async ({ actor, runId, params }) =>
      serializeInteraction(await resolveInteraction(actor, runId, params.id, params.interactionId, { type: "accept" })),
  }),
});
