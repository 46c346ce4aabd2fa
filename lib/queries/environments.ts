import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { invalidateLive } from "./invalidate";
import { environmentKeys } from "./keys";
import type { Ok } from "./types";
import type { z } from "zod";
import type { serializeEnvironment } from "@/lib/environments/serialize";
import type { EnvironmentRule, createEnvironmentBody, updateEnvironmentBody } from "@/lib/schemas/environments";
import type { EnvironmentConflict } from "@/lib/workspaces/conflicts";

export type Environment = ReturnType<typeof serializeEnvironment>;
/** What still points at an environment; an environment in use can't be deleted. */
export type EnvironmentUsage = { agents: number; projects: number; issues: number; workspaces: number };
export type EnvironmentDetail = Environment & { usage: EnvironmentUsage };
export type CreateEnvironmentBody = z.input<typeof createEnvironmentBody>;
export type UpdateEnvironmentBody = z.input<typeof updateEnvironmentBody>;
export type { EnvironmentRule };

export type EnvironmentRef = { id: string; name: string };
/** A reused workspace provisioned for another environment than the one a run resolved; runs, workspaces and issues carry the same record. */
export type { EnvironmentConflict };

const companyPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/environments`;
const environmentPath = (environmentId: string) => `/api/environments/${encodeURIComponent(environmentId)}`;

/** The company's environments, the instance default first; archived ones only when asked for (pickers keep showing a chosen one). */
export function useEnvironments(companyId: string, { includeArchived = false }: { includeArchived?: boolean } = {}) {
  return useQuery({
    queryKey: environmentKeys.list(companyId, includeArchived),
    queryFn: ({ signal }) => apiFetch<Environment[]>(`${companyPath(companyId)}${includeArchived ? "?includeArchived=true" : ""}`, { signal }),
    staleTime: 30_000,
  });
}

/** One environment with its usage counts; fetched when a delete is being considered. */
export function useEnvironment(environmentId: string | null) {
  return useQuery({
    queryKey: environmentKeys.detail(environmentId ?? ""),
    queryFn: ({ signal }) => apiFetch<EnvironmentDetail>(environmentPath(environmentId!), { signal }),
    enabled: environmentId !== null,
    staleTime: 0,
  });
}

/** Names of environments appear on agents, projects, issues, runs and workspaces; an environment change refreshes the lists. */
export function invalidateEnvironments(queryClient: QueryClient) {
  invalidateLive(queryClient, { queryKey: environmentKeys.all });
}

export function useCreateEnvironment(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEnvironmentBody) => apiFetch<Environment>(companyPath(companyId), { method: "POST", body }),
    onSuccess: () => invalidateEnvironments(queryClient),
  });
}

export function useUpdateEnvironment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ environmentId, body }: { environmentId: string; body: UpdateEnvironmentBody }) =>
      apiFetch<Environment>(environmentPath(environmentId), { method: "PATCH", body }),
    onSuccess: () => invalidateEnvironments(queryClient),
  });
}

export function useDeleteEnvironment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (environmentId: string) => apiFetch<Ok>(environmentPath(environmentId), { method: "DELETE" }),
    // A refusal (in use) may come from usage that changed since the dialog opened; count again.
    onSettled: () => invalidateEnvironments(queryClient),
  });
}
