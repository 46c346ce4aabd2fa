import type { OnboardingChecklist } from "./checklist";

/** The checklist as the API returns it; `dismissed` spares clients a null check on `dismissedAt`. */
export function serializeOnboarding(checklist: OnboardingChecklist) {
  return {
    companyId: checklist.companyId,
    steps: checklist.steps.map((step) => ({
      key: step.key,
      title: step.title,
      description: step.description,
      done: step.done,
      optional: step.optional,
      skipped: step.skipped,
      href: step.href,
    })),
    complete: checklist.complete,
    dismissed: checklist.dismissedAt !== null,
    dismissedAt: checklist.dismissedAt,
    canDismiss: checklist.canDismiss,
  };
}
