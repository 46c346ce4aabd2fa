import { defineRoutes, operation } from "@/lib/api/route";
import { openCompanyEvents } from "@/lib/events/listener";
import { companyParams } from "@/lib/schemas/common";

export const dynamic = "force-dynamic";

export const { GET } = defineRoutes("/api/companies/{companyId}/events", {
  GET: operation({
    summary: "Live company events (SSE)",
    description:
      "text/event-stream of entity changes ({type, entityType, entityId, issueId}), fed by PostgreSQL LISTEN/NOTIFY so every app instance sees every change.",
    tags: ["events"],
    auth: "either",
    params: companyParams,
    errors: ["board_required", "insufficient_role"],
    handler: ({ actor, params, request }) => openCompanyEvents(actor, params.companyId, request.signal),
  }),
});
