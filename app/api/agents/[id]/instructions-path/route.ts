import { INSTRUCTIONS_ERRORS, serializeInstructionsPath, setInstructionsPath } from "@/lib/agents/instructions";
import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams, agentRefQuery } from "@/lib/schemas/agents";
import { instructionsPathBody } from "@/lib/schemas/skills";

export const { PATCH } = defineRoutes("/api/agents/{id}/instructions-path", {
  PATCH: operation({
    summary: "Set or clear the agent's instructions file",
    description:
      "A path relative to the run's working folder, read at the start of every run instead of the stored bundle; absolute paths and '..' are refused for everyone. Board operators and owners, or the agent itself.",
    tags: ["agents"],
    auth: "either",
    params: agentRefParams,
    query: agentRefQuery,
    body: instructionsPathBody,
    errors: INSTRUCTIONS_ERRORS,
    handler: async ({ actor, runId, params, query, body }) =>
      serializeInstructionsPath(await setInstructionsPath(actor, runId, params.id, body, query.companyId)),
  }),
});
