import { createActivityEntry, listCompanyActivity, serializeActivity } from "@/lib/activity/list";
import { defineRoutes, operation } from "@/lib/api/route";
import { createActivityBody, listActivityQuery } from "@/lib/schemas/activity";
import { companyParams } from "@/lib/schemas/common";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/activity", {
  GET: operation({
    summary: "List company activity",
    description: "Newest first; filter by entityType, entityId or agentId; page back with `before`.",
    tags: ["activity"],
    auth: "either",
    params: companyParams,
    query: listActivityQuery,
    errors: ["board_required", "insufficient_role"],
    handler: async ({ actor, params, query }) => (await listCompanyActivity(actor, params.companyId, query)).map(serializeActivity),
  }),
  POST: operation({
    summary: "Create an activity entry",
    description: "The entry is attributed to the caller whatever actorType/actorId say.",
    tags: ["activity"],
    auth: "either",
    params: companyParams,
    body: createActivityBody,
    errors: ["board_required"],
    handler: async ({ actor, runId, params, body }) => serializeActivity(await createActivityEntry(actor, runId, params.companyId, body)),
  }),
});
