import { INSTRUCTIONS_ERRORS, getInstructionsBundle, serializeInstructionsBundle, updateInstructionsBundle } from "@/lib/agents/instructions";
import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams, agentRefQuery } from "@/lib/schemas/agents";
import { updateInstructionsBundleBody } from "@/lib/schemas/skills";

export const { GET, PATCH } = defineRoutes("/api/agents/{id}/instructions-bundle", {
  GET: operation({
    summary: "Read the agent's instruction files",
    description: "The managed bundle: AGENTS.md first, then the other files, with their text. Board members of the company, or the agent itself.",
    tags: ["agents"],
    auth: "either",
    params: agentRefParams,
    query: agentRefQuery,
    errors: INSTRUCTIONS_ERRORS,
    handler: async ({ actor, params, query }) => serializeInstructionsBundle(await getInstructionsBundle(actor, params.id, query.companyId)),
  }),
  PATCH: operation({
    summary: "Write or remove instruction files",
    description:
      "Creates or replaces `files` by path and removes `deleteFiles`; paths are relative .md paths without '..'. Board operators and owners, or the agent itself.",
    tags: ["agents"],
    auth: "either",
    params: agentRefParams,
    query: agentRefQuery,
    body: updateInstructionsBundleBody,
    errors: INSTRUCTIONS_ERRORS,
    handler: async ({ actor, runId, params, query, body }) =>
      serializeInstructionsBundle(await updateInstructionsBundle(actor, runId, params.id, body, query.companyId)),
  }),
});
