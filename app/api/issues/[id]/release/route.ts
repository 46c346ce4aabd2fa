import { defineRoutes, operation } from "@/lib/api/route";
import { RELEASE_ISSUE_ERRORS, releaseIssue } from "@/lib/issues/checkout";
import { serializeIssue } from "@/lib/issues/serialize";
import { issueParams } from "@/lib/schemas/issues";

export const { POST } = defineRoutes("/api/issues/{id}/release", {
  POST: operation({
    summary: "Release an issue",
    description: "Back to todo with no assignee and no locks. Only the holding agent (from its run) or a board user.",
    tags: ["issues"],
    auth: "either",
    params: issueParams,
    errors: RELEASE_ISSUE_ERRORS,
    handler: async ({ actor, runId, params }) => serializeIssue(await releaseIssue(actor, runId, params.id)),
  }),
});
