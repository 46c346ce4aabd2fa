import { defineRoutes, operation } from "@/lib/api/route";
import { READ_RUN_ERRORS, runIssues } from "@/lib/heartbeats/runs-api";
import { serializeIssue } from "@/lib/issues/serialize";
import { runParams } from "@/lib/schemas/heartbeats";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}/issues", {
  GET: operation({
    summary: "List the issues a run was woken for",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: READ_RUN_ERRORS,
    handler: async ({ actor, params }) => (await runIssues(actor, params.runId)).map((issue) => serializeIssue(issue)),
  }),
});
