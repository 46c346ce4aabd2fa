import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { addMemberBody } from "@/lib/schemas/users";
import { addMember, listMembers } from "@/lib/users/members";
import { serializeMember } from "@/lib/users/serialize";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/members", {
  GET: operation({
    summary: "List a company's board members",
    description: "Board users with their role; later features pick review participants from here.",
    tags: ["access"],
    auth: "either",
    params: companyParams,
    errors: ["board_required", "insufficient_role"],
    handler: async ({ actor, params }) => (await listMembers(actor, params.companyId)).map(serializeMember),
  }),
  POST: operation({
    summary: "Add a board user to a company",
    description: "Company owners only. Re-adding an existing member changes their role.",
    tags: ["access"],
    auth: "board",
    params: companyParams,
    body: addMemberBody,
    status: 201,
    errors: ["unknown_user"],
    handler: async ({ actor, runId, params, body }) => serializeMember(await addMember(actor, runId, params.companyId, body)),
  }),
});
