import { defineRoutes, operation } from "@/lib/api/route";
import { invitationParams } from "@/lib/schemas/users";
import { cancelInvitation } from "@/lib/users/invitations";

export const { DELETE } = defineRoutes("/api/companies/{companyId}/invitations/{invitationId}", {
  DELETE: operation({
    summary: "Cancel a pending invitation",
    description: "Company owners only. The invitee no longer joins at their next sign-in.",
    tags: ["access"],
    auth: "board",
    params: invitationParams,
    handler: ({ actor, runId, params }) => cancelInvitation(actor, runId, params.companyId, params.invitationId),
  }),
});
