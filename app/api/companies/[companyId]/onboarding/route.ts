import { defineRoutes, operation } from "@/lib/api/route";
import { getOnboarding, updateOnboarding } from "@/lib/onboarding/checklist";
import { serializeOnboarding } from "@/lib/onboarding/serialize";
import { companyParams } from "@/lib/schemas/common";
import { updateOnboardingBody } from "@/lib/schemas/onboarding";

export const { GET, PATCH } = defineRoutes("/api/companies/{companyId}/onboarding", {
  GET: operation({
    summary: "The first-run checklist",
    description:
      "Steps company → agent → project (optional) → issue → run → done, each derived from the company's data on every read, " +
      "with the caller's own choices (dismissed, skipped steps). `complete` once every required step is done, and from then on " +
      "for good (the company records it), even if a step turns back later. `canDismiss` is false for readers who cannot save " +
      "choices (viewers, instance admins without a membership).",
    tags: ["onboarding"],
    auth: "board",
    params: companyParams,
    handler: async ({ actor, params }) => serializeOnboarding(await getOnboarding(actor, params.companyId)),
  }),
  PATCH: operation({
    summary: "Dismiss the checklist or skip optional steps",
    description:
      "Saves the caller's own choices on their membership; other members keep theirs. Instance admins who are not members " +
      "of the company can read the checklist but have no membership to save choices on (409 membership_required).",
    tags: ["onboarding"],
    auth: "board",
    params: companyParams,
    body: updateOnboardingBody,
    errors: ["membership_required"],
    handler: async ({ actor, params, body }) => serializeOnboarding(await updateOnboarding(actor, params.companyId, body)),
  }),
});
