import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { issuePath } from "./issues";
import { issueKeys, needsMeKeys } from "./keys";
import type { ExecutionDecision, NeedsMe } from "./types";

/** What waits for the signed-in board user; refreshed by live events and, as a fallback, every minute. */
export function useNeedsMe(companyId: string | null) {
  return useQuery({
    queryKey: needsMeKeys.company(companyId ?? "none"),
    queryFn: ({ signal }) => apiFetch<NeedsMe>(`/api/companies/${encodeURIComponent(companyId!)}/needs-me`, { signal }),
    enabled: Boolean(companyId),
    refetchInterval: 60_000,
  });
}

export function useExecutionDecisions(issueRef: string) {
  return useQuery({
    queryKey: issueKeys.decisions(issueRef),
    queryFn: ({ signal }) => apiFetch<ExecutionDecision[]>(`${issuePath(issueRef)}/execution-decisions`, { signal }),
  });
}
