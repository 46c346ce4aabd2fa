import { defineRoutes, operation } from "@/lib/api/route";
import { idParams } from "@/lib/schemas/common";
import { closeReadiness } from "@/lib/workspaces/close";

export const { GET } = defineRoutes("/api/execution-workspaces/{id}/close-readiness", {
  GET: operation({
    summary: "What closing this workspace would do and lose",
    description:
      "state ready | ready_with_warnings | blocked; linked issues, running services, git state (dirty files, commits ahead of the base) and the planned actions in order.",
    tags: ["execution-workspaces"],
    auth: "either",
    params: idParams,
    errors: ["not_found"],
    handler: ({ actor, params }) => closeReadiness(actor, params.id),
  }),
});
