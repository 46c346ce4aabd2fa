import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { listInvitations } from "@/lib/users/invitations";
import { serializeInvitation } from "@/lib/users/serialize";

export const { GET } = defineRoutes("/api/companies/{companyId}/invitations", {
  GET: operation({
    summary: "List a company's pending invitations",
    description:
      "Company owners only. Invitations not yet accepted, cancelled or expired, each naming the invitee as the inviter did " +
      "(`email` or `userId`), with `invitedAt` and `expiresAt`.",
    tags: ["access"],
    auth: "board",
    params: companyParams,
    errors: ["insufficient_role"],
    handler: async ({ actor, params }) => (await listInvitations(actor, params.companyId)).map(serializeInvitation),
  }),
});
