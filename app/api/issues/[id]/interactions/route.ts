import { createdOrReplayed, defineRoutes, operation } from "@/lib/api/route";
import { serializeInteraction } from "@/lib/interactions/continuation";
import { createInteraction, listInteractions } from "@/lib/interactions/interactions";
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
    summary: "Ask the board to confirm or answer",
    description:
      "kind request_confirmation or ask_user_questions. 201 creates; the same idempotencyKey with the same request answers 200 " +
      "with the first interaction, with a different request 409. An issue_document target must be the document's latest revision.",
    tags: ["interactions"],
    auth: "either",
    params: issueParams,
    body: createInteractionBody,
    status: 201,
    errors: [
      "run_id_required",
      "board_required",
      "insufficient_role",
      "run_agent_mismatch",
      "run_token_mismatch",
      "not_found",
      "idempotency_key_reused",
      "issue_closed",
      "invalid_reference",
      "invalid_target",
      "stale_target",
    ],
    handler: async ({ actor, runId, params, body }) => {
      const { interaction, created } = await createInteraction(actor, runId, params.id, body);
      return createdOrReplayed(serializeInteraction(interaction), created);
    },
  }),
});
