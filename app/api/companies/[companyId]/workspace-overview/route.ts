import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { workspaceOverviewQuery } from "@/lib/schemas/workspaces";
import { workspaceOverview } from "@/lib/workspaces/execution-workspaces";
import { serializeOverview } from "@/lib/workspaces/overview";

export const { GET } = defineRoutes("/api/companies/{companyId}/workspace-overview", {
  GET: operation({
    summary: "List bounded execution workspace overview rows for a company",
    description:
      "The Workspaces screen: execution workspaces (open ones unless status says otherwise) plus each project's primary and configured project workspaces, grouped by project with running services first.",
    tags: ["execution-workspaces"],
    auth: "either",
    params: companyParams,
    query: workspaceOverviewQuery,
    errors: ["board_required", "insufficient_role"],
    handler: async ({ actor, params, query }) => serializeOverview(await workspaceOverview(actor, params.companyId, query)),
  }),
});
