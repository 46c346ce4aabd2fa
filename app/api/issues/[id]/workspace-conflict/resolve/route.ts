import { defineRoutes, operation } from "@/lib/api/route";
import { issueParams, resolveWorkspaceConflictBody } from "@/lib/schemas/issues";
import { resolveWorkspaceConflict } from "@/lib/workspaces/conflicts";

export const { POST } = defineRoutes("/api/issues/{id}/workspace-conflict/resolve", {
  POST: operation({
    summary: "Resolve a workspace environment conflict",
    description:
      "Board only. `fresh_workspace` detaches the issue from the conflicting workspace so its next run provisions a new one in the intended environment; `set_issue_environment` pins the issue to an environment (by default the workspace's). The assignee is woken. 409 no_workspace_conflict when there is none.",
    tags: ["issues"],
    auth: "board",
    params: issueParams,
    body: resolveWorkspaceConflictBody,
    errors: ["insufficient_role", "not_found", "no_workspace_conflict", "environment_required", "invalid_reference"],
    handler: ({ actor, params, body }) => resolveWorkspaceConflict(actor, params.id, body),
  }),
});
