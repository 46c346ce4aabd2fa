import { defineRoutes, operation } from "@/lib/api/route";
import { memberParams, updateMemberBody } from "@/lib/schemas/users";
import { removeMember, updateMemberRole } from "@/lib/users/members";
import { serializeMember } from "@/lib/users/serialize";

export const { PATCH, DELETE } = defineRoutes("/api/companies/{companyId}/members/{userId}", {
  PATCH: operation({
    summary: "Change a member's role",
    tags: ["access"],
    auth: "board",
    params: memberParams,
    body: updateMemberBody,
    errors: ["last_owner"],
    handler: async ({ actor, runId, params, body }) => serializeMember(await updateMemberRole(actor, runId, params.companyId, params.userId, body.role)),
  }),
  DELETE: operation({
    summary: "Remove a member from a company",
    description: "A company keeps at least one owner (409 `last_owner`).",
    tags: ["access"],
    auth: "board",
    params: memberParams,
    errors: ["last_owner"],
    handler: ({ actor, runId, params }) => removeMember(actor, runId, params.companyId, params.userId),
  }),
});
