import { z } from "zod";
import { defineRoutes, operation } from "@/lib/api/route";
import { uuid } from "@/lib/schemas/common";
import { streamOperationLog } from "@/lib/workspaces/operations-log";

export const dynamic = "force-dynamic";

export const { GET } = defineRoutes("/api/workspace-operations/{operationId}/log/stream", {
  GET: operation({
    summary: "Live tail of a workspace operation's log (SSE)",
    description: "`chunk` events ({offset, content}) as output arrives, then `end` ({status}) when the operation finishes.",
    tags: ["runs"],
    auth: "either",
    params: z.strictObject({ operationId: uuid }),
    query: z.strictObject({ offset: z.coerce.number().int().min(0).default(0) }),
    errors: ["not_found"],
    handler: ({ actor, params, query, request }) => streamOperationLog(actor, params.operationId, query.offset, request.signal),
  }),
});
