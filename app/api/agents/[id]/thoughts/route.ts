import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams } from "@/lib/schemas/agents";
import { thoughtsQuery } from "@/lib/schemas/thoughts";
import { LIST_THOUGHTS_ERRORS, listThoughts } from "@/lib/thoughts/thoughts";

export const { GET } = defineRoutes("/api/agents/{id}/thoughts", {
  GET: operation({
    summary: "List an agent's thoughts",
    description: "Newest first (the first is what it is doing now); `limit` defaults to 20, at most 200.",
    tags: ["thoughts"],
    auth: "either",
    params: agentRefParams,
    query: thoughtsQuery,
    errors: LIST_THOUGHTS_ERRORS,
    handler: async ({ actor, params, query }) => ({ thoughts: await listThoughts(actor, { agentId: params.id }, query) }),
  }),
});
