import { defineRoutes, operation } from "@/lib/api/route";
import { serializeInteraction } from "@/lib/interactions/continuation";
import { RESOLVE_INTERACTION_ERRORS, resolveInteraction } from "@/lib/interactions/interactions";
import { respondInteractionBody, interactionParams } from "@/lib/schemas/interactions";

export const { POST } = defineRoutes("/api/issues/{id}/interactions/{interactionId}/respond", {
  POST: operation({
    summary: "Answer questions",
    description: "ask_user_questions only; each answer must name real questions and options, and every required question needs one.",
    tags: ["interactions"],
    auth: "either",
    params: interactionParams,
    body: respondInteractionBody,
    errors: RESOLVE_INTERACTION_ERRORS,
    handler: async ({ actor, runId, params, body }) =>
      serializeInteraction(
        (
          await resolveInteraction(actor, runId, params.id, params.interactionId, {
            type: "respond",
            answers: body.answers,
            summaryMarkdown: body.summaryMarkdown,
          })
        ).interaction,
      ),
  }),
});
