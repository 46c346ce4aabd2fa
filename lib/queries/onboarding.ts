import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { serializeOnboarding } from "@/lib/onboarding/serialize";
import type { UpdateOnboardingInput } from "@/lib/schemas/onboarding";
import { apiFetch } from "./client";
import { invalidateLive } from "./invalidate";
import { onboardingKeys } from "./keys";

export { onboardingKeys };

export type Onboarding = ReturnType<typeof serializeOnboarding>;
export type OnboardingStep = Onboarding["steps"][number];

export const onboardingPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/onboarding`;

/** The company's first-run checklist as the signed-in user sees it; live events that can move a step refresh it. */
export function useOnboarding(companyId: string) {
  return useQuery({
    queryKey: onboardingKeys.company(companyId),
    queryFn: ({ signal }) => apiFetch<Onboarding>(onboardingPath(companyId), { signal }),
  });
}

/** After a change that can move a step. A checklist already complete stays so (the server keeps completion), so it is left alone. */
export function invalidateOnboarding(queryClient: QueryClient) {
  invalidateLive(queryClient, { queryKey: onboardingKeys.all, predicate: (query) => !(query.state.data as Onboarding | undefined)?.complete });
}

/** Dismiss (or bring back) the checklist, or skip optional steps; the answer is the whole checklist, so it replaces the cached one. */
export function useUpdateOnboarding(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOnboardingInput) => apiFetch<Onboarding>(onboardingPath(companyId), { method: "PATCH", body }),
    onSuccess: (checklist) => queryClient.setQueryData(onboardingKeys.company(companyId), checklist),
  });
}
