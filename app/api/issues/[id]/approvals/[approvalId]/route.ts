import { defineRoutes, operation } from "@/lib/api/route";
import { unlinkIssueApproval } from "@/lib/approvals/approvals";
import { issueApprovalParams } from "@/lib/schemas/approvals";

export const { DELETE } = defineRoutes("/api/issues/{id}/approvals/{approvalId}", {
  DELETE: operation({
    summary: "Unlink an approval from an issue (board only)",
    tags: ["approvals"],
    auth: "board",
    params: issueApprovalParams,
    errors: ["insufficient_role", "not_found"],
    handler: async ({ actor, params }) => unlinkIssueApproval(actor, params.id, params.approvalId),
  }),
});
