import { defineRoutes, operation } from "@/lib/api/route";
import { firstAdminBody } from "@/lib/schemas/users";
import { createFirstAdmin } from "@/lib/users/bootstrap";
import { serializeUser } from "@/lib/users/serialize";

export const { POST } = defineRoutes("/api/setup", {
  POST: operation({
    summary: "Create the first instance admin",
    description: "Works once, while the instance has no users; afterwards 409 `setup_complete`.",
    tags: ["access"],
    auth: "public",
    body: firstAdminBody,
    status: 201,
    errors: ["setup_complete"],
    handler: async ({ body }) => serializeUser(await createFirstAdmin(body)),
  }),
});
