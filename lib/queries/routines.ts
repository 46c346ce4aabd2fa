import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { invalidateLive } from "./invalidate";
import { issueKeys } from "./keys";
import type { Issue } from "./types";

// Wire shapes of the routines API (the issue-21 contract, shaped like Paperclip's). Written out here rather than
// inferred from the server's serializers so the board reads exactly the fields the API promises.

export type RoutineStatus = "active" | "paused" | "archived";
export type ConcurrencyPolicy = "skip_if_active" | "coalesce_if_active" | "always_enqueue";
export type CatchUpPolicy = "skip_missed" | "enqueue_missed_with_cap";
export type TriggerKind = "schedule" | "webhook" | "api";
export type SigningMode = "hmac_sha256" | "github_hmac" | "bearer";
export type RunSource = "schedule" | "webhook" | "manual" | "api";
export type RunStatus = "received" | "issue_created" | "skipped" | "coalesced" | "failed";

export type RoutineVariable = {
  name: string;
  label?: string | null;
  type: "text" | "number" | "boolean" | "select";
  defaultValue?: string | number | boolean | null;
  required?: boolean;
  options?: string[];
};

export type LinkedIssue = { id: string; identifier: string; title: string; status: string };

export type RoutineTrigger = {
  id: string;
  routineId: string;
  kind: TriggerKind;
  label: string | null;
  enabled: boolean;
  cronExpression: string | null;
  timezone: string | null;
  nextRunAt: string | null;
  lastFiredAt: string | null;
  publicId: string | null;
  webhookUrl: string | null;
  signingMode: SigningMode | null;
  replayWindowSec: number | null;
  lastRotatedAt: string | null;
  lastResult: string | null;
  createdAt: string;
  updatedAt: string;
};

export type RoutineRun = {
  id: string;
  routineId: string;
  triggerId: string | null;
  source: RunSource;
  status: RunStatus;
  triggeredAt: string;
  scheduledFor: string | null;
  idempotencyKey: string | null;
  triggerPayload: Record<string, unknown> | null;
  linkedIssueId: string | null;
  linkedIssue: LinkedIssue | null;
  coalescedIntoRunId: string | null;
  failureReason: string | null;
  completedAt: string | null;
  createdAt: string;
};

export type Routine = {
  id: string;
  companyId: string;
  projectId: string | null;
  goalId: string | null;
  parentIssueId: string | null;
  executionWorkspaceId: string | null;
  title: string;
  description: string | null;
  assigneeAgentId: string | null;
  priority: string;
  status: RoutineStatus;
  concurrencyPolicy: ConcurrencyPolicy;
  catchUpPolicy: CatchUpPolicy;
  variables: RoutineVariable[];
  createdByAgentId: string | null;
  createdByUserId: string | null;
  lastTriggeredAt: string | null;
  lastEnqueuedAt: string | null;
  createdAt: string;
  updatedAt: string;
  triggers: RoutineTrigger[];
  lastRun: RoutineRun | null;
  activeIssue: LinkedIssue | null;
};

export type RoutineBody = {
  title: string;
  description?: string | null;
  assigneeAgentId?: string | null;
  projectId?: string | null;
  goalId?: string | null;
  parentIssueId?: string | null;
  executionWorkspaceId?: string | null;
  priority?: string;
  status?: RoutineStatus;
  concurrencyPolicy?: ConcurrencyPolicy;
  catchUpPolicy?: CatchUpPolicy;
  variables?: RoutineVariable[];
};

export type TriggerBody =
  | { kind: "schedule"; cronExpression: string; timezone?: string; label?: string; enabled?: boolean }
  | { kind: "webhook"; signingMode?: SigningMode; replayWindowSec?: number; label?: string; enabled?: boolean }
  | { kind: "api"; label?: string };

/** The webhook secret as the server hands it out: once, on create and on rotate. */
export type SecretMaterial = { secret: string; webhookUrl: string; signingMode: SigningMode };
export type TriggerResult = { trigger: RoutineTrigger; secretMaterial: SecretMaterial | null };

export type RunBody = { variables?: Record<string, unknown>; executionWorkspaceId?: string; idempotencyKey?: string; source?: "manual" | "api" };
export type RunResult = { run: RoutineRun; issue: Issue | null };

/** The list's server-side filters, named as the API's query parameters; part of the list's key. */
export type RoutineFilters = { status?: RoutineStatus; projectId?: string; executionWorkspaceId?: string; assigneeAgentId?: string };

/** The list page's status filter (`?status=active|paused`, else every routine) as the list's filters. */
export function routineStatusFilter(status: string | undefined): RoutineFilters {
  return status === "active" || status === "paused" ? { status } : {};
}

export const RUNS_SHOWN = 50;

export const routineKeys = {
  all: ["routines"] as const,
  lists: () => [...routineKeys.all, "list"] as const,
  list: (companyId: string, filters: RoutineFilters = {}) => [...routineKeys.lists(), companyId, filters] as const,
  details: () => [...routineKeys.all, "detail"] as const,
  detail: (routineId: string) => [...routineKeys.details(), routineId] as const,
  runs: (routineId: string) => [...routineKeys.all, "runs", routineId] as const,
};

const enc = encodeURIComponent;
/** The list's URL: the company's routines with only the filters that are set. */
export function routineListPath(companyId: string, filters: RoutineFilters = {}) {
  const search = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return `/api/companies/${enc(companyId)}/routines${search.size ? `?${search}` : ""}`;
}
export const routinePath = (routineId: string) => `/api/routines/${enc(routineId)}`;
export const routineRunsPath = (routineId: string) => `${routinePath(routineId)}/runs?limit=${RUNS_SHOWN}`;
const triggerPath = (triggerId: string) => `/api/routine-triggers/${enc(triggerId)}`;

/** Every routine query: lists, pages and runs. A routine event or any routine mutation refreshes them together. */
export function invalidateRoutines(queryClient: QueryClient) {
  invalidateLive(queryClient, { queryKey: routineKeys.all });
}

export function useRoutines(companyId: string, filters: RoutineFilters = {}, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: routineKeys.list(companyId, filters),
    queryFn: ({ signal }) => apiFetch<Routine[]>(routineListPath(companyId, filters), { signal }),
    enabled: Boolean(companyId) && options.enabled !== false,
  });
}

export function useRoutine(routineId: string) {
  return useQuery({ queryKey: routineKeys.detail(routineId), queryFn: ({ signal }) => apiFetch<Routine>(routinePath(routineId), { signal }) });
}

/** The routine's latest runs, newest first. */
export function useRoutineRuns(routineId: string) {
  return useQuery({ queryKey: routineKeys.runs(routineId), queryFn: ({ signal }) => apiFetch<RoutineRun[]>(routineRunsPath(routineId), { signal }) });
}

/** A mutation whose success refreshes every routine query (a routine's row, page and runs change together). */
function useRoutineMutation<TBody, TResult>(mutationFn: (body: TBody) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => invalidateRoutines(queryClient) });
}

export function useCreateRoutine(companyId: string) {
  return useRoutineMutation((body: RoutineBody) => apiFetch<Routine>(`/api/companies/${enc(companyId)}/routines`, { method: "POST", body }));
}

export function useUpdateRoutine(routineId: string) {
  return useRoutineMutation((body: Partial<RoutineBody>) => apiFetch<Routine>(routinePath(routineId), { method: "PATCH", body }));
}

export function useDeleteRoutine() {
  return useRoutineMutation((routineId: string) => apiFetch<void>(routinePath(routineId), { method: "DELETE" }));
}

/** Fire the routine now; its new issue is in the result. Issue lists refresh too, since a run may have created one. */
export function useRunRoutine(routineId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RunBody) => apiFetch<RunResult>(`${routinePath(routineId)}/run`, { method: "POST", body: { source: "manual", ...body } }),
    onSuccess: () => {
      invalidateRoutines(queryClient);
      invalidateLive(queryClient, { queryKey: issueKeys.all });
    },
  });
}

export function useCreateTrigger(routineId: string) {
  return useRoutineMutation((body: TriggerBody) => apiFetch<TriggerResult>(`${routinePath(routineId)}/triggers`, { method: "POST", body }));
}

export function useUpdateTrigger() {
  return useRoutineMutation(({ triggerId, ...body }: { triggerId: string; enabled?: boolean; label?: string; cronExpression?: string; timezone?: string }) =>
    apiFetch<RoutineTrigger>(triggerPath(triggerId), { method: "PATCH", body }),
  );
}

export function useDeleteTrigger() {
  return useRoutineMutation((triggerId: string) => apiFetch<void>(triggerPath(triggerId), { method: "DELETE" }));
}

/** A new webhook secret; the old one stops working. The result carries the secret, shown once. */
export function useRotateTriggerSecret() {
  return useRoutineMutation((triggerId: string) => apiFetch<TriggerResult>(`${triggerPath(triggerId)}/rotate-secret`, { method: "POST" }));
}

/** What the create dialog saves: the routine (created, or updated when an earlier attempt already created it) and its first trigger. */
export type SaveRoutineInput = { routineId: string | null; body: RoutineBody; trigger: TriggerBody | null };
/** The trigger's failure comes back beside the saved routine rather than thrown, so the dialog can retry just that step. */
export type SaveRoutineResult = { routine: Routine; trigger: TriggerResult | null; triggerError: unknown };

/** Create a routine with its first trigger in one submit of the dialog. */
export function useSaveRoutineWithTrigger(companyId: string) {
  return useRoutineMutation(async ({ routineId, body, trigger }: SaveRoutineInput): Promise<SaveRoutineResult> => {
    const routine = routineId
      ? await apiFetch<Routine>(routinePath(routineId), { method: "PATCH", body })
      : await apiFetch<Routine>(`/api/companies/${enc(companyId)}/routines`, { method: "POST", body });
    if (!trigger) return { routine, trigger: null, triggerError: null };
    try {
      const created = await apiFetch<TriggerResult>(`${routinePath(routine.id)}/triggers`, { method: "POST", body: trigger });
      return { routine, trigger: created, triggerError: null };
    } catch (triggerError) {
      return { routine, trigger: null, triggerError };
    }
  });
}

export type WorkspaceChoice = { id: string; name: string; status: string; branchName: string | null; cwd: string | null };

/** The project's reusable execution workspaces, for binding a routine to one. */
export function useWorkspaceChoices(companyId: string, projectId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...routineKeys.all, "workspace-choices", companyId, projectId] as const,
    queryFn: ({ signal }) =>
      apiFetch<WorkspaceChoice[]>(
        `/api/companies/${enc(companyId)}/execution-workspaces?${new URLSearchParams({ projectId: projectId ?? "", reuseEligible: "true", summary: "true" })}`,
        { signal },
      ),
    enabled: enabled && Boolean(projectId),
  });
}
