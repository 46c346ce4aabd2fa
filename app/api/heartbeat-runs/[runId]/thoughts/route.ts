import { defineRoutes, operation } from "@/lib/api/route";
import { runParams } from "@/lib/schemas/heartbeats";
import { runThoughtsQuery } from "@/lib/schemas/thoughts";
import { listThoughts } from "@/lib/thoughts/thoughts";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}/thoughts", {
  GET: operation({
    summary: "List a run's thoughts",
    description: "The run's history of its agent's thoughts, oldest first; `limit` defaults to and is at most 500.",
    tags: ["thoughts"],
    auth: "either",
    params: runParams,
    query: runThoughtsQuery,
    errors: ["not_found"],
    handler: async ({ actor, params, query }) => ({ thoughts: await listThoughts(actor, { runId: params.runId }, query) }),
  }),
});
