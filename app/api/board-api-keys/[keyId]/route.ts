import { revokeBoardKey } from "@/lib/access/board-keys";
import { defineRoutes, operation } from "@/lib/api/route";
import { boardKeyParams } from "@/lib/schemas/access";

export const { DELETE } = defineRoutes("/api/board-api-keys/{keyId}", {
  DELETE: operation({
    summary: "Revoke a board API key",
    tags: ["access"],
    auth: "board",
    params: boardKeyParams,
    errors: ["not_found"],
    handler: ({ actor, params }) => revokeBoardKey(actor, params.keyId),
  }),
});
