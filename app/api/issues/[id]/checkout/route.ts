import { defineRoutes, operation } from "@/lib/api/route";
import { CHECKOUT_ISSUE_ERRORS, checkoutIssue } from "@/lib/issues/checkout";
import { serializeIssueChange } from "@/lib/issues/serialize";
import { checkoutBody, issueParams } from "@/lib/schemas/issues";

export const { POST } = defineRoutes("/api/issues/{id}/checkout", {
  POST: operation({
    summary: "Check out an issue",
    description:
      "Atomic: exactly one caller wins. The same agent and run get 200 again. Others get 409 `checkout_conflict` with details {issueId, status, assigneeAgentId, checkoutRunId, executionRunId, reason, hint}. Never retry a 409.",
    tags: ["issues"],
    auth: "either",
    params: issueParams,
    body: checkoutBody,
    errors: CHECKOUT_ISSUE_ERRORS,
    handler: async ({ actor, runId, params, body }) => serializeIssueChange(await checkoutIssue(actor, runId, params.id, body)),
  }),
});
