import { createAgentKey, listAgentKeys } from "@/lib/agents/keys";
import { serializeAgentKey, serializeCreatedAgentKey } from "@/lib/agents/serialize";
import { defineRoutes, operation } from "@/lib/api/route";
import { createAgentKeyBody } from "@/lib/schemas/agents";
import { idParams } from "@/lib/schemas/common";

export const { GET, POST } = defineRoutes("/api/agents/{id}/keys", {
  GET: operation({
    summary: "List agent API keys",
    description: "Never includes tokens or hashes.",
    tags: ["agents"],
    auth: "either",
    params: idParams,
    handler: async ({ actor, params }) => (await listAgentKeys(actor, params.id)).map(serializeAgentKey),
  }),
  POST: operation({
    summary: "Create an agent API key",
    description: "The plaintext `token` is in this response only.",
    tags: ["agents"],
    auth: "either",
    params: idParams,
    body: createAgentKeyBody,
    status: 201,
    handler: async ({ actor, runId, params, body }) => {
      const { key, token } = await createAgentKey(actor, runId, params.id, body);
      return serializeCreatedAgentKey(key, token);
    },
  }),
});
