import { defineRoutes, operation } from "@/lib/api/route";
import { getNeedsMe } from "@/lib/needs-me/needs-me";
import { companyParams } from "@/lib/schemas/common";

export const { GET } = defineRoutes("/api/companies/{companyId}/needs-me", {
  GET: operation({
    summary: "What is waiting for me (board user)",
    description:
      "Oldest first: review/approval stages where I am the current participant, pending confirmations and questions I may resolve, " +
      "and pending board approvals, with counts per kind. Viewers get an empty list.",
    tags: ["needs-me"],
    auth: "board",
    params: companyParams,
    handler: async ({ actor, params }) => getNeedsMe(actor, params.companyId),
  }),
});
