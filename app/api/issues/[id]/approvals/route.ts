import { defineRoutes, operation } from "@/lib/api/route";
import { linkIssueApproval, listIssueApprovals, serializeApproval } from "@/lib/approvals/approvals";
import { linkApprovalBody } from "@/lib/schemas/approvals";
import { issueParams } from "@/lib/schemas/issues";

export const { GET, POST } = defineRoutes("/api/issues/{id}/approvals", {
  GET: operation({
    summary: "List approvals linked to an issue",
    tags: ["approvals"],
    auth: "either",
    params: issueParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listIssueApprovals(actor, params.id)).map(serializeApproval),
  }),
  POST: operation({
    summary: "Link an approval to an issue",
    description: "Idempotent; answers with every approval now linked to the issue. Agents may link only approvals they requested.",
    tags: ["approvals"],
    auth: "either",
    params: issueParams,
    body: linkApprovalBody,
    status: 201,
    errors: ["board_required", "insufficient_role", "not_requester", "not_found", "invalid_reference"],
    handler: async ({ actor, params, body }) => (await linkIssueApproval(actor, params.id, body.approvalId)).map(serializeApproval),
  }),
});
