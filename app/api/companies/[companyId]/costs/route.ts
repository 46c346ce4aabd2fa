import { defineRoutes, operation } from "@/lib/api/route";
import { companyCosts } from "@/lib/heartbeats/runs-api";
import { companyParams } from "@/lib/schemas/common";

export const { GET } = defineRoutes("/api/companies/{companyId}/costs", {
  GET: operation({
    summary: "Spend by agent and by day",
    description: "This month's spend and budget per agent, and run costs per day over the last 30 days.",
    tags: ["heartbeats"],
    auth: "board",
    params: companyParams,
    errors: ["insufficient_role"],
    handler: ({ actor, params }) => companyCosts(actor, params.companyId),
  }),
});
