import { useQuery } from "@tanstack/react-query";
import type { OrgNode } from "@/lib/agents/org";
import { apiFetch } from "./client";
import { agentKeys } from "./keys";

export type { OrgNode };

/** The company's agents as a tree of managers and reports, each with its status and current task. */
export function useOrg(companyId: string) {
  return useQuery({
    queryKey: agentKeys.org(companyId),
    queryFn: ({ signal }) => apiFetch<OrgNode[]>(`/api/companies/${encodeURIComponent(companyId)}/org`, { signal }),
  });
}
