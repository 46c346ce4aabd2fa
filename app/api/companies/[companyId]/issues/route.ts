import { createdOrReplayed, defineRoutes, operation } from "@/lib/api/route";
import { CREATE_ISSUE_ERRORS, createIssue } from "@/lib/issues/mutations";
import { listIssues } from "@/lib/issues/queries";
import { serializeIssue } from "@/lib/issues/serialize";
import { companyParams } from "@/lib/schemas/common";
import { createIssueBody, listIssuesQuery } from "@/lib/schemas/issues";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/issues", {
  GET: operation({
    summary: "List issues in a company",
    description:
      "Bare array in the `sort` order (default priority, then most recently updated). More pages: pass the X-Next-Cursor header back as `cursor` with the same sort and direction.",
    tags: ["issues"],
    auth: "either",
    params: companyParams,
    query: listIssuesQuery,
    errors: ["invalid_cursor"],
    handler: async ({ actor, params, query }) => {
      const { issues, nextCursor } = await listIssues(actor, params.companyId, query);
      return Response.json(issues, { headers: nextCursor ? { "x-next-cursor": nextCursor } : {} });
    },
  }),
  POST: operation({
    summary: "Create an issue",
    description:
      "Identifier PREFIX-N from the company counter. Agents need X-Paperclip-Run-Id. Assigning an agent (outside backlog) wakes it. A repeated idempotencyKey answers 200 with the first issue.",
    tags: ["issues"],
    auth: "either",
    params: companyParams,
    body: createIssueBody,
    status: 201,
    errors: CREATE_ISSUE_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const { issue, created } = await createIssue(actor, runId, params.companyId, body);
      return createdOrReplayed(serializeIssue(issue, { labelIds: body.labelIds }), created);
    },
  }),
});
