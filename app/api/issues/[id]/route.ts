import { defineRoutes, operation } from "@/lib/api/route";
import { UPDATE_ISSUE_ERRORS, deleteIssue, updateIssue } from "@/lib/issues/mutations";
import { heldResponse } from "@/lib/held-actions/read";
import { getIssueDetail } from "@/lib/issues/queries";
import { serializeIssueChange } from "@/lib/issues/serialize";
import { issueParams, updateIssueBody } from "@/lib/schemas/issues";

export const { GET, PATCH, DELETE } = defineRoutes("/api/issues/{id}", {
  GET: operation({
    summary: "Get an issue",
    description: "`:id` is a UUID or an identifier. Includes ancestors (with project and goal), project, goal, blockedBy, blocks and children.",
    tags: ["issues"],
    auth: "either",
    params: issueParams,
    errors: ["not_found"],
    handler: ({ actor, params }) => getIssueDetail(actor, params.id),
  }),
  PATCH: operation({
    summary: "Update an issue",
    description:
      "Fields, blockers (replacing the set), status and phase through the workflow (exits, gates; `force` passes warn gates) and an optional comment, in one transaction. The response adds `workflowPrompts`. A review-stage approval while the issue's workspace is finalizing answers 202 with the held action and is applied when it settles.",
    tags: ["issues"],
    auth: "either",
    params: issueParams,
    body: updateIssueBody,
    errors: UPDATE_ISSUE_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const change = await updateIssue(actor, runId, params.id, body);
      return change.held ? heldResponse(change.held, { issue: serializeIssueChange(change) }) : serializeIssueChange(change);
    },
  }),
  DELETE: operation({
    summary: "Delete an issue",
    description: "Board operators only.",
    tags: ["issues"],
    auth: "board",
    params: issueParams,
    errors: ["insufficient_role", "not_found"],
    handler: ({ actor, params }) => deleteIssue(actor, params.id),
  }),
});
