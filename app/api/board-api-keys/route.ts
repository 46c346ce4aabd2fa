import { createBoardKey, listBoardKeys, serializeBoardKey } from "@/lib/access/board-keys";
import { defineRoutes, operation } from "@/lib/api/route";
import { createBoardKeyBody, listBoardKeysQuery } from "@/lib/schemas/access";

export const { GET, POST } = defineRoutes("/api/board-api-keys", {
  GET: operation({
    summary: "List board API keys",
    description: "The caller's own keys, newest first; active only unless includeInactive=true.",
    tags: ["access"],
    auth: "board",
    query: listBoardKeysQuery,
    handler: async ({ actor, query }) => (await listBoardKeys(actor, query)).map(serializeBoardKey),
  }),
  POST: operation({
    summary: "Create a named board API key",
    description: "The plaintext `token` is in this response only. Expires in 30 days unless expiresAt says otherwise.",
    tags: ["access"],
    auth: "board",
    body: createBoardKeyBody,
    status: 201,
    errors: ["insufficient_role", "not_found", "invalid_field"],
    handler: ({ actor, body }) => createBoardKey(actor, body),
  }),
});
