import { type QueryClient, type QueryKey, hashKey, useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { ExperimentalSettings } from "@/lib/instance/settings";
import type { z } from "zod";
import type { createProjectWorkspaceBody, updateExecutionWorkspaceBody, updateProjectWorkspaceBody } from "@/lib/schemas/workspaces";
import { EXECUTION_WORKSPACE_STATUSES } from "@/lib/schemas/values";
import type { closeReadiness } from "@/lib/workspaces/close";
import type { readOperationLog } from "@/lib/workspaces/operations-log";
import type { serializeOverview } from "@/lib/workspaces/overview";
import type { serializeOperation, serializeProjectWorkspace, serializeWorkspaceDetail } from "@/lib/workspaces/serialize";
import { apiFetch } from "./client";
import { invalidateLive } from "./invalidate";
import { instanceSettingKeys, issueKeys, type WorkspaceTarget, workspaceKeys } from "./keys";

export type { ExperimentalSettings, WorkspaceTarget };
export type WorkspaceOverview = ReturnType<typeof serializeOverview>;
export type WorkspaceOverviewItem = WorkspaceOverview["items"][number];
export type WorkspaceGroup = WorkspaceOverview["groups"][number];
export type ProjectWorkspaceCard = WorkspaceGroup["projectWorkspaces"][number];
export type ExecutionWorkspace = ReturnType<typeof serializeWorkspaceDetail>;
export type ProjectWorkspace = ReturnType<typeof serializeProjectWorkspace>;
export type RuntimeService = ExecutionWorkspace["runtimeServices"][number];
export type WorkspaceCommand = ExecutionWorkspace["commands"][number];
export type WorkspaceOperation = ReturnType<typeof serializeOperation>;
export type CloseReadiness = Awaited<ReturnType<typeof closeReadiness>>;
export type OperationLogSlice = Awaited<ReturnType<typeof readOperationLog>>;
export type UpdateExecutionWorkspaceBody = z.input<typeof updateExecutionWorkspaceBody>;
export type CreateProjectWorkspaceBody = z.input<typeof createProjectWorkspaceBody>;
export type UpdateProjectWorkspaceBody = z.input<typeof updateProjectWorkspaceBody>;
export type RuntimeActionResult = { workspace: ExecutionWorkspace | ProjectWorkspace; operation: WorkspaceOperation | null; operations: WorkspaceOperation[] };

const executionPath = (id: string) => `/api/execution-workspaces/${encodeURIComponent(id)}`;
const projectWorkspacesPath = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/workspaces`;
const projectWorkspacePath = (projectId: string, workspaceId: string) => `${projectWorkspacesPath(projectId)}/${encodeURIComponent(workspaceId)}`;

/** The API path of an execution or project workspace; runtime actions and operations hang off it. */
export function workspacePath(target: WorkspaceTarget): string {
  return target.kind === "execution" ? executionPath(target.id) : projectWorkspacePath(target.projectId, target.id);
}

// ---- Instance settings ----

/** The instance's experimental switches, seeded with what the board layout read on the server (`useBoard().experimental`). */
export function useExperimentalSettings(seed: ExperimentalSettings) {
  return useQuery({
    // The seed was read with the page itself, so it counts as fresh: the first paint asks the server nothing more.
    initialData: seed,
    queryKey: instanceSettingKeys.experimental(),
    queryFn: ({ signal }) => apiFetch<ExperimentalSettings>("/api/instance/settings/experimental", { signal }),
    staleTime: 30_000,
  });
}

/** True once the instance has isolated workspaces switched on; false while unknown, so workspace UI never flashes in. */
export function useWorkspacesEnabled(seed: ExperimentalSettings): boolean {
  return useExperimentalSettings(seed).data?.enableIsolatedWorkspaces === true;
}

export function useUpdateExperimentalSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<ExperimentalSettings>) => apiFetch<ExperimentalSettings>("/api/instance/settings/experimental", { method: "PATCH", body }),
    onSuccess: (settings) => queryClient.setQueryData(instanceSettingKeys.experimental(), settings),
  });
}

// ---- Overview ----

const ALL_STATUSES = EXECUTION_WORKSPACE_STATUSES.join(",");
const OVERVIEW_PAGE = 50;

/**
 * The overview a page at a time ("Load more" while `hasMore`), merged into one list of project groups: execution
 * workspaces appended, project workspaces (repeated on every page) once, groups re-sorted running-first as the server does.
 */
export function useWorkspaceOverview(companyId: string, filter: { projectId?: string; includeArchived?: boolean }) {
  return useInfiniteQuery({
    queryKey: workspaceKeys.overview(companyId, filter),
    queryFn: ({ signal, pageParam }) => {
      const search = new URLSearchParams({ limit: String(OVERVIEW_PAGE), offset: String(pageParam) });
      if (filter.projectId) search.set("projectId", filter.projectId);
      if (filter.includeArchived) search.set("status", ALL_STATUSES);
      return apiFetch<WorkspaceOverview>(`/api/companies/${encodeURIComponent(companyId)}/workspace-overview?${search}`, { signal });
    },
    initialPageParam: 0,
    getNextPageParam: (page) => page.nextOffset ?? undefined,
    select: selectOverview,
  });
}

// Module-level, so react-query keeps the merged result until the pages change instead of merging on every render.
const selectOverview = (data: { pages: WorkspaceOverview[] }) => ({
  groups: mergeGroups(data.pages.map((page) => page.groups)),
  total: data.pages[0]?.total ?? 0,
});

function mergeGroups(pages: WorkspaceGroup[][]): WorkspaceGroup[] {
  const byProject = new Map<string, WorkspaceGroup>();
  for (const group of pages.flat()) {
    const seen = byProject.get(group.projectId);
    if (!seen) {
      byProject.set(group.projectId, { ...group, projectWorkspaces: [...group.projectWorkspaces], executionWorkspaces: [...group.executionWorkspaces] });
      continue;
    }
    const knownExecutions = new Set(seen.executionWorkspaces.map((known) => known.workspaceId));
    const knownProjects = new Set(seen.projectWorkspaces.map((known) => known.id));
    seen.executionWorkspaces.push(...group.executionWorkspaces.filter((item) => !knownExecutions.has(item.workspaceId)));
    seen.projectWorkspaces.push(...group.projectWorkspaces.filter((card) => !knownProjects.has(card.id)));
    seen.runningServiceCount = [...seen.executionWorkspaces, ...seen.projectWorkspaces].reduce((sum, row) => sum + row.runningServiceCount, 0);
  }
  return [...byProject.values()].sort(
    (a, b) => Number(b.runningServiceCount > 0) - Number(a.runningServiceCount > 0) || a.projectName.localeCompare(b.projectName),
  );
}

// ---- Execution workspaces ----

const settling = (services: { status: string }[] | undefined) => services?.some((service) => service.status === "starting") ?? false;

export function useExecutionWorkspace(id: string) {
  return useQuery({
    queryKey: workspaceKeys.execution(id),
    queryFn: ({ signal }) => apiFetch<ExecutionWorkspace>(executionPath(id), { signal }),
    // A service coming up, or a provision or close in progress, changes on its own schedule; look again until it settles.
    refetchInterval: (query) => {
      const workspace = query.state.data;
      return workspace && (settling(workspace.runtimeServices) || workspace.finalizing) ? 1_500 : false;
    },
  });
}

/**
 * Everything a workspace change can show up in: overviews, the workspace's own queries and issue pages linking to it.
 * `fresh` is a key the caller has just set from the server's answer, left alone so it isn't fetched again.
 */
export function invalidateWorkspaces(queryClient: QueryClient, fresh?: QueryKey) {
  const freshHash = fresh ? hashKey(fresh) : null;
  invalidateLive(queryClient, { queryKey: workspaceKeys.all, predicate: freshHash ? (query) => query.queryHash !== freshHash : undefined });
}

/** The workspace as a mutation answered it, into its own query; every other workspace query is refreshed. */
function setWorkspace(queryClient: QueryClient, key: QueryKey, workspace: ExecutionWorkspace | ProjectWorkspace) {
  queryClient.setQueryData(key, workspace);
  invalidateWorkspaces(queryClient, key);
}

export function useUpdateExecutionWorkspace(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateExecutionWorkspaceBody) => apiFetch<ExecutionWorkspace>(executionPath(id), { method: "PATCH", body }),
    onSuccess: (workspace) => {
      setWorkspace(queryClient, workspaceKeys.execution(id), workspace);
      // Closing a shared workspace unlinks its issues.
      if (workspace.status === "archived") invalidateLive(queryClient, { queryKey: issueKeys.details() });
    },
  });
}

export function useCloseReadiness(id: string) {
  return useQuery({
    queryKey: workspaceKeys.closeReadiness(id),
    queryFn: ({ signal }) => apiFetch<CloseReadiness>(`${executionPath(id)}/close-readiness`, { signal }),
    staleTime: 0,
  });
}

// ---- Project workspaces ----

export function useProjectWorkspaces(projectId: string) {
  return useQuery({
    queryKey: workspaceKeys.projectList(projectId),
    queryFn: ({ signal }) => apiFetch<ProjectWorkspace[]>(projectWorkspacesPath(projectId), { signal }),
  });
}

export function useProjectWorkspace(projectId: string, workspaceId: string) {
  return useQuery({
    queryKey: workspaceKeys.project(projectId, workspaceId),
    queryFn: ({ signal }) => apiFetch<ProjectWorkspace>(projectWorkspacePath(projectId, workspaceId), { signal }),
    refetchInterval: (query) => (settling(query.state.data?.runtimeServices) ? 1_500 : false),
  });
}

export function useCreateProjectWorkspace(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProjectWorkspaceBody) => apiFetch<ProjectWorkspace>(projectWorkspacesPath(projectId), { method: "POST", body }),
    onSuccess: () => invalidateWorkspaces(queryClient),
  });
}

export function useUpdateProjectWorkspace(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ workspaceId, body }: { workspaceId: string; body: UpdateProjectWorkspaceBody }) =>
      apiFetch<ProjectWorkspace>(projectWorkspacePath(projectId, workspaceId), { method: "PATCH", body }),
    onSuccess: (workspace) => setWorkspace(queryClient, workspaceKeys.project(projectId, workspace.id), workspace),
  });
}

export function useDeleteProjectWorkspace(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (workspaceId: string) => apiFetch<ProjectWorkspace>(projectWorkspacePath(projectId, workspaceId), { method: "DELETE" }),
    onSuccess: () => invalidateWorkspaces(queryClient),
  });
}

// ---- Runtime ----

export type RuntimeAction = { scope: "services" | "commands"; action: "start" | "stop" | "restart" | "run"; workspaceCommandId?: string };

/** Runtime actions in flight on one workspace, keyed by command ("*" = every service), so duplicates can be held back. */
export const runtimeMutationKey = (target: WorkspaceTarget, workspaceCommandId?: string) =>
  ["workspace-runtime", target.id, workspaceCommandId ?? "*"] as const;

export function useRuntimeAction(target: WorkspaceTarget, workspaceCommandId?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: runtimeMutationKey(target, workspaceCommandId),
    mutationFn: ({ scope, action }: Omit<RuntimeAction, "workspaceCommandId">) =>
      apiFetch<RuntimeActionResult>(`${workspacePath(target)}/runtime-${scope}/${action}`, {
        method: "POST",
        body: workspaceCommandId ? { workspaceCommandId } : {},
      }),
    onSuccess: (result) =>
      setWorkspace(
        queryClient,
        target.kind === "execution" ? workspaceKeys.execution(target.id) : workspaceKeys.project(target.projectId, target.id),
        result.workspace,
      ),
    // A refusal (409 pending, 422 no cwd) may still mean the state moved under us; look again.
    onError: () => invalidateWorkspaces(queryClient),
  });
}

export function useWorkspaceOperations(target: WorkspaceTarget) {
  return useQuery({
    queryKey: workspaceKeys.operations(target),
    queryFn: ({ signal }) => apiFetch<WorkspaceOperation[]>(`${workspacePath(target)}/workspace-operations`, { signal }),
    refetchInterval: (query) => (query.state.data?.some((operation) => operation.status === "running") ? 2_000 : false),
  });
}

/**
 * A finished operation's full log, read a slice at a time: `offsets` are the slices asked for so far (0, then each
 * slice's `nextOffset`). Byte slices can split a line, so callers join the contents before parsing.
 */
export function useOperationLogSlices(operationId: string, offsets: number[]) {
  return useQueries({
    queries: offsets.map((offset) => ({
      queryKey: [...workspaceKeys.operationLog(operationId), offset] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiFetch<OperationLogSlice>(`/api/workspace-operations/${encodeURIComponent(operationId)}/log?offset=${offset}`, { signal }),
      staleTime: Infinity,
    })),
  });
}

type LogStream = { content: string; ended: boolean; status: string | null; error: boolean };
const EMPTY_LOG_STREAM: LogStream = { content: "", ended: false, status: null, error: false };

/**
 * A running operation's log as it is written (server-sent `chunk` events from `fromOffset`, then `end`). Returns the
 * text so far and whether the stream has ended.
 */
export function useOperationLogStream(operationId: string): LogStream {
  // Kept with the operation it belongs to, so switching operations starts from an empty log.
  const [state, setState] = useState<LogStream & { operationId: string }>({ operationId, ...EMPTY_LOG_STREAM });
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const update = (change: (previous: LogStream) => Partial<LogStream>) =>
      setState((previous) => {
        const current = previous.operationId === operationId ? previous : { operationId, ...EMPTY_LOG_STREAM };
        return { ...current, ...change(current) };
      });
    let offset = 0;
    let source: EventSource | null = null;
    let closed = false;
    const open = () => {
      source = new EventSource(`/api/workspace-operations/${encodeURIComponent(operationId)}/log/stream?offset=${offset}`);
      source.addEventListener("chunk", (message) => {
        const chunk = JSON.parse((message as MessageEvent<string>).data) as { offset: number; content: string };
        offset = chunk.offset;
        update((previous) => ({ content: previous.content + chunk.content, error: false }));
      });
      source.addEventListener("end", (message) => {
        const end = JSON.parse((message as MessageEvent<string>).data) as { status: string };
        closed = true;
        source?.close();
        update(() => ({ ended: true, status: end.status }));
      });
      // The browser reconnects by itself, but from the offset in the URL; reopen from where we got to instead.
      source.onerror = () => {
        source?.close();
        if (closed) return;
        update(() => ({ error: true }));
        setTimeout(() => !closed && open(), 2_000);
      };
    };
    open();
    return () => {
      closed = true;
      source?.close();
    };
  }, [operationId]);
  return state.operationId === operationId ? state : EMPTY_LOG_STREAM;
}
