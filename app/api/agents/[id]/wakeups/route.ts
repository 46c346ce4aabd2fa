import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams } from "@/lib/schemas/agents";
import { listWakeupsQuery } from "@/lib/schemas/activity";
import { LIST_AGENT_WAKEUPS_ERRORS, listAgentWakeups, serializeWakeup } from "@/lib/wakeups/request";

export const { GET } = defineRoutes("/api/agents/{id}/wakeups", {
  GET: operation({
    summary: "List an agent's wakeup requests",
    description: "Newest first. Board members of the company, or the agent itself.",
    tags: ["agents"],
    auth: "either",
    params: agentRefParams,
    query: listWakeupsQuery,
    errors: LIST_AGENT_WAKEUPS_ERRORS,
    handler: async ({ actor, params, query }) => (await listAgentWakeups(actor, params.id, query)).map(serializeWakeup),
  }),
});
