import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { addMemberBody } from "@/lib/schemas/users";
import { addMember, listMembers } from "@/lib/users/members";
import { addMemberResponse, serializeMember } from "@/lib/users/serialize";

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
    description:
      "Company owners only. Someone already in the company gets the new role (201, the member; a company keeps at least one owner, " +
      "409 `last_owner`). Anyone else gets an invitation, valid for 14 days, that makes them a member when that user signs in " +
      '(202, `{email|userId, role, status: "invited"}`), the same answer whether or not such a user exists. Instance admins add ' +
      "existing users at once (201) and get 422 for unknown ones.",
    tags: ["access"],
    auth: "board",
    params: companyParams,
    body: addMemberBody,
    status: 201,
    otherStatuses: { 202: 'Invited: `{email|userId, role, status: "invited"}`, naming only what was sent' },
    errors: ["unknown_user", "last_owner"],
    handler: async ({ actor, runId, params, body }) => addMemberResponse(await addMember(actor, runId, params.companyId, body)),
  }),
});
