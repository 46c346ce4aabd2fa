import { defineRoutes, operation } from "@/lib/api/route";
import { listRoutineRuns } from "@/lib/routines/routines";
import { serializeRun } from "@/lib/routines/serialize";
import { idParams } from "@/lib/schemas/common";
import { listRunsQuery } from "@/lib/schemas/routines";

export const { GET } = defineRoutes("/api/routines/{id}/runs", {
  GET: operation({
    summary: "List a routine's runs",
    description: "Newest first (default 50, at most 200), each with what came of it: issue_created, skipped, coalesced or failed.",
    tags: ["routines"],
    auth: "either",
    params: idParams,
    query: listRunsQuery,
    errors: ["not_found"],
    handler: async ({ actor, params, query }) => (await listRoutineRuns(actor, params.id, query.limit)).map(serializeRun),
  }),
});
