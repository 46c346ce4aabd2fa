import { defineRoutes, operation } from "@/lib/api/route";
import { getHeartbeatContext } from "@/lib/issues/queries";
import { heartbeatContextQuery, issueParams } from "@/lib/schemas/issues";

export const { GET } = defineRoutes("/api/issues/{id}/heartbeat-context", {
  GET: operation({
    summary: "Get issue heartbeat context",
    description: "Compact issue, ancestors, project, goal, a comment cursor and the wake comment (?wakeCommentId=).",
    tags: ["issues"],
    auth: "either",
    params: issueParams,
    query: heartbeatContextQuery,
    errors: ["not_found"],
    handler: ({ actor, params, query }) => getHeartbeatContext(actor, params.id, query.wakeCommentId),
  }),
});
