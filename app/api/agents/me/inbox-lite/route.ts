import { defineRoutes, operation } from "@/lib/api/route";
import { getInboxLite } from "@/lib/issues/queries";

export const { GET } = defineRoutes("/api/agents/me/inbox-lite", {
  GET: operation({
    summary: "Get current agent inbox (lite)",
    description: "Assigned issues in in_progress, in_review, todo, blocked order, each with blocker readiness.",
    tags: ["agents"],
    auth: "agent",
    handler: ({ actor }) => getInboxLite(actor.agentId, actor.companyId),
  }),
});
