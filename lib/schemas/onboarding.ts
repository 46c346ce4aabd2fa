import { z } from "zod";
import { ONBOARDING_STEP_KEYS, OPTIONAL_ONBOARDING_STEPS } from "./values";

export { ONBOARDING_STEP_KEYS, OPTIONAL_ONBOARDING_STEPS, isOptionalOnboardingStep, type OnboardingStepKey, type OptionalOnboardingStep } from "./values";

/** The caller's own choices about the checklist; fields left out keep their value. */
export const updateOnboardingBody = z.strictObject({
  dismissed: z.boolean().optional().describe("true hides the checklist for you (other members still see it); false shows it again"),
  skippedSteps: z
    .array(z.enum(OPTIONAL_ONBOARDING_STEPS, { error: `Only optional steps can be skipped: ${OPTIONAL_ONBOARDING_STEPS.join(", ")}` }))
    .max(ONBOARDING_STEP_KEYS.length)
    .optional()
    .describe('The optional steps you chose to skip; replaces the earlier list ([] un-skips them). Only "project" today.'),
});

export type UpdateOnboardingInput = z.output<typeof updateOnboardingBody>;
