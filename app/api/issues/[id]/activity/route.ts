import { listIssueActivity, serializeActivity } from "@/lib/activity/list";
import { defineRoutes, operation } from "@/lib/api/route";
import { issueParams } from "@/lib/schemas/issues";

export const { GET } = defineRoutes("/api/issues/{id}/activity", {
  GET: operation({
    summary: "List activity for an issue",
    description: "Oldest first.",
    tags: ["activity"],
    auth: "either",
    params: issueParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listIssueActivity(actor, params.id)).map(serializeActivity),
  }),
});
