import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { serializeAgentClis } from "@/lib/adapters/detect";
import type { serializeLocalCheckout } from "@/lib/projects/local-checkout";
import { apiFetch } from "@/lib/queries/client";
import { projectKeys } from "@/lib/queries/keys";
import type { CreateProjectBody, Project, UpdateProjectBody } from "@/lib/queries/types";
import { invalidateWorkspaces, type CreateProjectWorkspaceBody, type ProjectWorkspace } from "@/lib/queries/workspaces";

// What the guided first run reads besides the ordinary records: the coding CLIs the server can run, and whether a folder
// on the server is a git checkout (contract §2 of issue 23). Only the wizard asks, so the hooks live beside it.

/** `GET /api/instance/agent-clis`: the CLIs, and the process-adapter settings that run the built-in demo agent. */
export type AgentClis = ReturnType<typeof serializeAgentClis>;
/** A coding CLI looked up on the server's PATH: found (with its version) or not (with the reason). */
export type AgentCli = AgentClis["clis"][number];
/** `GET /api/companies/:id/local-checkout?path=`: what the server finds at a folder. */
export type LocalCheckout = ReturnType<typeof serializeLocalCheckout>;

export const setupKeys = {
  all: ["first-run"] as const,
  agentClis: () => [...setupKeys.all, "agent-clis"] as const,
  localCheckout: (companyId: string, path: string) => [...setupKeys.all, "local-checkout", companyId, path] as const,
};

export function useAgentClis() {
  // The server caches its PATH walk briefly; a CLI installed meanwhile shows up on Retry or the next visit.
  return useQuery({ queryKey: setupKeys.agentClis(), queryFn: ({ signal }) => apiFetch<AgentClis>("/api/instance/agent-clis", { signal }), staleTime: 30_000 });
}

/** The server's view of `path` once it is asked for (null: not yet); each Check asks again, as the folder may have changed. */
export function useLocalCheckout(companyId: string, path: string | null) {
  return useQuery({
    queryKey: setupKeys.localCheckout(companyId, path ?? ""),
    queryFn: ({ signal }) =>
      apiFetch<LocalCheckout>(`/api/companies/${encodeURIComponent(companyId)}/local-checkout?path=${encodeURIComponent(path ?? "")}`, { signal }),
    enabled: path !== null,
    staleTime: 0,
    retry: false,
  });
}

export type ProjectFromCheckout = { project: Project; workspace: ProjectWorkspace };

export type CreateProjectFromCheckout = {
  name: string;
  checkout: LocalCheckout;
  /** Sent with the project's create: the same key only for the same name, so a renamed retry is a new project. */
  idempotencyKey: string | undefined;
  /** A project an earlier attempt made whose folder was refused: this attempt gives it the folder (and the new name). */
  unfinished: Project | null;
  /** Called once the project exists, before its folder is asked for, so a refused folder leaves it known, not lost. */
  onProject: (project: Project) => void;
};

/**
 * A project whose primary workspace is the checked folder, where its issues' runs work. The project and its folder are
 * two requests; when the folder is refused, the next attempt goes on with the same project instead of making another.
 */
export function useCreateProjectFromCheckout(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, checkout, idempotencyKey, unfinished, onProject }: CreateProjectFromCheckout): Promise<ProjectFromCheckout> => {
      // Runs of the project's issues work in the checkout itself (shared mode, no worktrees), as a CLI started there would.
      const body: CreateProjectBody = { name, idempotencyKey, executionWorkspacePolicy: { enabled: true, defaultMode: "shared_workspace" } };
      const project = !unfinished
        ? await apiFetch<Project>(`/api/companies/${encodeURIComponent(companyId)}/projects`, { method: "POST", body })
        : unfinished.name === name
          ? unfinished
          : await apiFetch<Project>(`/api/projects/${encodeURIComponent(unfinished.id)}`, { method: "PATCH", body: { name } satisfies UpdateProjectBody });
      onProject(project);
      const workspace: CreateProjectWorkspaceBody = {
        name: checkout.suggestedName,
        cwd: checkout.path,
        sourceType: checkout.isGitRepo ? "local_path" : "non_git_path",
        isPrimary: true,
      };
      return {
        project,
        workspace: await apiFetch<ProjectWorkspace>(`/api/projects/${encodeURIComponent(project.id)}/workspaces`, { method: "POST", body: workspace }),
      };
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: projectKeys.list(companyId) });
      invalidateWorkspaces(queryClient);
    },
  });
}
