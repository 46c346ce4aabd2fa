import { defineRoutes, operation } from "@/lib/api/route";
import { serializeInteraction } from "@/lib/interactions/continuation";
import { RESOLVE_INTERACTION_ERRORS, resolveInteraction } from "@/lib/interactions/interactions";
import { heldResponse } from "@/lib/held-actions/read";
import { acceptInteractionBody, interactionParams } from "@/lib/schemas/interactions";

export const { POST } = defineRoutes("/api/issues/{id}/interactions/{interactionId}/accept", {
  POST: operation({
    summary: "Accept a confirmation or suggested tasks",
    description:
      "Conditional on it still being pending (409 otherwise, its details carrying the result); a confirmation of a replaced document revision expires instead (409 stale_target). " +
      "suggest_tasks: creates the selectedClientKeys tasks (default all) as child issues in the same transaction and lists them in result.createdTasks. " +
      "request_checkbox_confirmation: selectedOptionIds are the ticked boxes; every required box and minSelected/maxSelected must hold (422 invalid_selection). " +
      "While the issue's workspace is finalizing a confirmation's answer is 202 with the held action; it is applied when the workspace settles.",
    tags: ["interactions"],
    auth: "either",
    params: interactionParams,
    body: acceptInteractionBody,
    errors: RESOLVE_INTERACTION_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const { interaction, held } = await resolveInteraction(actor, runId, params.id, params.interactionId, {
        type: "accept",
        selectedClientKeys: body.selectedClientKeys,
        selectedOptionIds: body.selectedOptionIds,
      });
      return held ? heldResponse(held, { interaction: serializeInteraction(interaction) }) : serializeInteraction(interaction);
    },
  }),
});
