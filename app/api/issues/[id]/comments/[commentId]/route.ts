import { defineRoutes, operation } from "@/lib/api/route";
import { DELETE_COMMENT_ERRORS, deleteComment, getComment, serializeComment } from "@/lib/issues/comments";
import { commentParams } from "@/lib/schemas/issues";

export const { GET, DELETE } = defineRoutes("/api/issues/{id}/comments/{commentId}", {
  GET: operation({
    summary: "Get a single issue comment",
    tags: ["issues"],
    auth: "either",
    params: commentParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => serializeComment(await getComment(actor, params.id, params.commentId)),
  }),
  DELETE: operation({
    summary: "Delete an issue comment",
    description: "Board operators, or the agent that wrote it.",
    tags: ["issues"],
    auth: "either",
    params: commentParams,
    errors: DELETE_COMMENT_ERRORS,
    handler: ({ actor, runId, params }) => deleteComment(actor, runId, params.id, params.commentId),
  }),
});
