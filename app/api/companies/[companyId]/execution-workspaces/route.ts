import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { listExecutionWorkspacesQuery } from "@/lib/schemas/workspaces";
import { listExecutionWorkspaces } from "@/lib/workspaces/execution-workspaces";
import { serializeExecutionWorkspace, serializeWorkspaceSummary } from "@/lib/workspaces/serialize";

export const { GET } = defineRoutes("/api/companies/{companyId}/execution-workspaces", {
  GET: operation({
    summary: "List execution workspaces for a company",
    description: "Most recently used first. reuseEligible=true keeps active, idle and in-review workspaces; summary=true returns compact rows.",
    tags: ["execution-workspaces"],
    auth: "either",
    params: companyParams,
    query: listExecutionWorkspacesQuery,
    errors: ["board_required", "insufficient_role"],
    handler: async ({ actor, params, query }) => {
      const rows = await listExecutionWorkspaces(actor, params.companyId, query);
      return rows.map(({ workspace, services }) =>
        query.summary ? serializeWorkspaceSummary(workspace) : serializeExecutionWorkspace(workspace, { services }),
      );
    },
  }),
});
