import { defineRoutes, operation } from "@/lib/api/route";
import { describeCaller } from "@/lib/users/me";

export const { GET } = defineRoutes("/api/me", {
  GET: operation({
    summary: "The caller",
    description: "The signed-in board user or the API key's owner, with company memberships.",
    tags: ["access"],
    auth: "either",
    errors: ["not_found"],
    handler: ({ actor }) => describeCaller(actor),
  }),
});
