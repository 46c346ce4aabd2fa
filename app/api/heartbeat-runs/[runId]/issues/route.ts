import { defineRoutes, operation } from "@/lib/api/route";
import { runIssues } from "@/lib/heartbeats/runs-api";
import { serializeIssue } from "@/lib/issues/serialize";
import { runParams } from "@/lib/schemas/heartbeats";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}/issues", {
  GET: operation({
    summary: "List the issues a run was woken for",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: ["agent_permission_required", "not_found"],
    handler: async ({ actor, params }) => (await runIssues(actor, params.runId)).map((issue) => serializeIssue(issue)),
  }),
});
