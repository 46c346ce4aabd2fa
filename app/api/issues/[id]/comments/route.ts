import { defineRoutes, operation } from "@/lib/api/route";
import { listComments, serializeComment } from "@/lib/issues/comments";
import { ADD_COMMENT_ERRORS, addComment } from "@/lib/issues/mutations";
import { createCommentBody, issueParams, listCommentsQuery } from "@/lib/schemas/issues";

export const { GET, POST } = defineRoutes("/api/issues/{id}/comments", {
  GET: operation({
    summary: "List issue comments",
    description:
      "Newest first unless order=asc, as Paperclip lists them; `after` (comment id or ISO time) continues from that comment in the listing's order; limit ≤ 500, and 500 without one.",
    tags: ["issues"],
    auth: "either",
    params: issueParams,
    query: listCommentsQuery,
    errors: ["not_found"],
    handler: async ({ actor, params, query }) => (await listComments(actor, params.id, query)).map(serializeComment),
  }),
  POST: operation({
    summary: "Add a comment to an issue",
    description: "@AgentName mentions wake those agents; otherwise the assignee agent wakes. reopen=true reopens a closed issue.",
    tags: ["issues"],
    auth: "either",
    params: issueParams,
    body: createCommentBody,
    status: 201,
    errors: ADD_COMMENT_ERRORS,
    handler: async ({ actor, runId, params, body }) => serializeComment(await addComment(actor, runId, params.id, body)),
  }),
});
