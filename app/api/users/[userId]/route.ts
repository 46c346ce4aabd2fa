import { defineRoutes, operation } from "@/lib/api/route";
import { updateUserBody, userParams } from "@/lib/schemas/users";
import { serializeUser } from "@/lib/users/serialize";
import { updateUser } from "@/lib/users/users";

export const { PATCH } = defineRoutes("/api/users/{userId}", {
  PATCH: operation({
    summary: "Update a board user",
    description: "Instance admins only: rename, reset password, grant or revoke admin, disable or enable.",
    tags: ["access"],
    auth: "board",
    params: userParams,
    body: updateUserBody,
    errors: ["instance_admin_required", "not_found", "last_admin"],
    handler: async ({ actor, params, body }) => serializeUser(await updateUser(actor, params.userId, body)),
  }),
});
