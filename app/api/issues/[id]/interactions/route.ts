import { createdOrReplayed, defineRoutes, operation } from "@/lib/api/route";
import { serializeInteraction } from "@/lib/interactions/continuation";
import { CREATE_INTERACTION_ERRORS, createInteraction, listInteractions } from "@/lib/interactions/interactions";
import { createInteractionBody } from "@/lib/schemas/interactions";
import { issueParams } from "@/lib/schemas/issues";

export const { GET, POST } = defineRoutes("/api/issues/{id}/interactions", {
  GET: operation({
    summary: "List thread interactions",
    description: "Confirmations and questions on the issue, oldest first.",
    tags: ["interactions"],
    auth: "either",
    params: issueParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listInteractions(actor, params.id)).map(serializeInteraction),
  }),
  POST: operation({
    summary: "Ask the board to confirm, answer or pick suggested tasks",
    description:
      "kind request_confirmation, request_checkbox_confirmation, ask_user_questions or suggest_tasks. 201 creates; the same idempotencyKey with the same request answers 200 " +
      "with the first interaction, with a different request 409. An issue_document target must be the document's latest revision. " +
      "Inconsistent payloads (duplicate clientKeys or option ids, parentClientKey cycles, unmeetable box counts) are 422 naming each field.",
    tags: ["interactions"],
    auth: "either",
    params: issueParams,
    body: createInteractionBody,
    status: 201,
    errors: CREATE_INTERACTION_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const { interaction, created } = await createInteraction(actor, runId, params.id, body);
      return createdOrReplayed(serializeInteraction(interaction), created);
    },
  }),
});
