import { defineRoutes, operation } from "@/lib/api/route";
import { serializeInteraction } from "@/lib/interactions/continuation";
import { RESOLVE_INTERACTION_ERRORS, resolveInteraction } from "@/lib/interactions/interactions";
import { reasonBody, interactionParams } from "@/lib/schemas/interactions";

export const { POST } = defineRoutes("/api/issues/{id}/interactions/{interactionId}/withdraw", {
  POST: operation({
    summary: "Withdraw an interaction",
    description:
      "By the agent or board user that created it (403 for anyone else), while it is pending (409 once resolved). " +
      'Status becomes cancelled with result outcome "withdrawn" and the optional reason; the continuation policy applies as for a cancel.',
    tags: ["interactions"],
    auth: "either",
    params: interactionParams,
    body: reasonBody,
    errors: RESOLVE_INTERACTION_ERRORS,
    handler: async ({ actor, runId, params, body }) =>
      serializeInteraction((await resolveInteraction(actor, runId, params.id, params.interactionId, { type: "withdraw", reason: body.reason })).interaction),
  }),
});
