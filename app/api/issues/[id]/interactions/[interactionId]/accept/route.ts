import { defineRoutes, operation } from "@/lib/api/route";
import { serializeInteraction } from "@/lib/interactions/continuation";
import { RESOLVE_INTERACTION_ERRORS, resolveInteraction } from "@/lib/interactions/interactions";
import { heldResponse } from "@/lib/held-actions/read";
import { acceptInteractionBody, interactionParams } from "@/lib/schemas/interactions";

export const { POST } = defineRoutes("/api/issues/{id}/interactions/{interactionId}/accept", {
  POST: operation({
    summary: "Accept a confirmation",
    description:
      "Conditional on it still being pending (409 otherwise); a confirmation of a replaced document revision expires instead (409 stale_target). While the issue's workspace is finalizing the answer is 202 with the held action; it is applied when the workspace settles.",
    tags: ["interactions"],
    auth: "either",
    params: interactionParams,
    body: acceptInteractionBody,
    errors: RESOLVE_INTERACTION_ERRORS,
    handler: async ({ actor, runId, params }) => {
      const { interaction, held } = await resolveInteraction(actor, runId, params.id, params.interactionId, { type: "accept" });
      return held ? heldResponse(held, { interaction: serializeInteraction(interaction) }) : serializeInteraction(interaction);
    },
  }),
});
