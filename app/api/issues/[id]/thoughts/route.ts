import { defineRoutes, operation } from "@/lib/api/route";
import { issueParams } from "@/lib/schemas/issues";
import { thoughtBody, thoughtsQuery } from "@/lib/schemas/thoughts";
import { RECORD_THOUGHT_ERRORS, listThoughts, recordThought } from "@/lib/thoughts/thoughts";

export const { GET, POST } = defineRoutes("/api/issues/{id}/thoughts", {
  GET: operation({
    summary: "List the thoughts agents had about an issue",
    description: "Newest first (the first is what its agent is doing now); `limit` defaults to 20, at most 200.",
    tags: ["thoughts"],
    auth: "either",
    params: issueParams,
    query: thoughtsQuery,
    errors: ["not_found"],
    handler: async ({ actor, params, query }) => ({ thoughts: await listThoughts(actor, { issueRef: params.id }, query) }),
  }),
  POST: operation({
    summary: "Record the agent's current thought about an issue",
    description: "The thinking tool over REST: 1 to 4,000 characters, kept in the run's history (`X-Paperclip-Run-Id`) and shown live.",
    tags: ["thoughts"],
    auth: "agent",
    params: issueParams,
    body: thoughtBody,
    status: 201,
    errors: RECORD_THOUGHT_ERRORS,
    handler: ({ actor, runId, params, body }) => recordThought(actor, runId, { thought: body.thought, tasks: [params.id] }),
  }),
});
