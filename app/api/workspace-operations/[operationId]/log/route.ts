import { z } from "zod";
import { defineRoutes, operation } from "@/lib/api/route";
import { uuid } from "@/lib/schemas/common";
import { operationLogQuery } from "@/lib/schemas/workspaces";
import { readOperationLog } from "@/lib/workspaces/operations-log";

export const { GET } = defineRoutes("/api/workspace-operations/{operationId}/log", {
  GET: operation({
    summary: "Get log for a workspace operation",
    description: "A byte range of the full log; nextOffset is present while more remains.",
    tags: ["runs"],
    auth: "either",
    params: z.strictObject({ operationId: uuid }),
    query: operationLogQuery,
    errors: ["not_found"],
    handler: ({ actor, params, query }) => readOperationLog(actor, params.operationId, query.offset, query.limitBytes),
  }),
});
