import { defineRoutes, operation } from "@/lib/api/route";
import { createUserBody } from "@/lib/schemas/users";
import { serializeUser } from "@/lib/users/serialize";
import { createUser, listUsers } from "@/lib/users/users";

export const { GET, POST } = defineRoutes("/api/users", {
  GET: operation({
    summary: "List board users",
    description: "Instance admins only.",
    tags: ["access"],
    auth: "board",
    errors: ["instance_admin_required"],
    handler: async ({ actor }) => (await listUsers(actor)).map(serializeUser),
  }),
  POST: operation({
    summary: "Add a board user",
    description: "Instance admins only: email, name and an initial password.",
    tags: ["access"],
    auth: "board",
    body: createUserBody,
    status: 201,
    errors: ["instance_admin_required", "email_taken"],
    handler: async ({ actor, body }) => serializeUser(await createUser(actor, body)),
  }),
});
