import { companyOrg } from "@/lib/agents/org";
import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";

export const { GET } = defineRoutes("/api/companies/{companyId}/org", {
  GET: operation({
    summary: "Org chart",
    description:
      "Root agents with their reports, nested; each with its status and current task (the in-progress issue assigned to it). Terminated agents are left out.",
    tags: ["agents"],
    auth: "either",
    params: companyParams,
    handler: ({ actor, params }) => companyOrg(actor, params.companyId),
  }),
});
