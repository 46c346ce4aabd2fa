import { defineRoutes, operation } from "@/lib/api/route";
import { listExecutionDecisions, serializeDecision } from "@/lib/execution-policy/decisions";
import { issueParams } from "@/lib/schemas/issues";

export const { GET } = defineRoutes("/api/issues/{id}/execution-decisions", {
  GET: operation({
    summary: "List review and approval decisions",
    description: "Every stage decision on the issue (approved or changes_requested), oldest first. Decisions are made with PATCH /api/issues/:id.",
    tags: ["issues"],
    auth: "either",
    params: issueParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listExecutionDecisions(actor, params.id)).map(serializeDecision),
  }),
});
