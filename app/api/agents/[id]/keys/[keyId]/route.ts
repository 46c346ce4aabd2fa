import { AGENT_KEY_ERRORS, revokeAgentKey } from "@/lib/agents/keys";
import { defineRoutes, operation } from "@/lib/api/route";
import { agentKeyParams } from "@/lib/schemas/agents";

export const { DELETE } = defineRoutes("/api/agents/{id}/keys/{keyId}", {
  DELETE: operation({
    summary: "Revoke an agent API key",
    description: "The key stops authenticating immediately.",
    tags: ["agents"],
    auth: "either",
    params: agentKeyParams,
    errors: AGENT_KEY_ERRORS,
    handler: ({ actor, runId, params }) => revokeAgentKey(actor, runId, params.id, params.keyId),
  }),
});
