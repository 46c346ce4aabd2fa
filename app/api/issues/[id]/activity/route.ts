import { listIssueActivity, serializeActivity } from "@/lib/activity/list";
import { defineRoutes, operation } from "@/lib/api/route";
import { issueActivityQuery } from "@/lib/schemas/activity";
import { issueParams } from "@/lib/schemas/issues";

export const { GET } = defineRoutes("/api/issues/{id}/activity", {
  GET: operation({
    summary: "List activity for an issue",
    description: "Oldest first, at most 500; excludeComments=true leaves out the issue.comment_added entries.",
    tags: ["activity"],
    auth: "either",
    params: issueParams,
    query: issueActivityQuery,
    errors: ["not_found"],
    handler: async ({ actor, params, query }) => (await listIssueActivity(actor, params.id, query)).map(serializeActivity),
  }),
});
