import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { projectKeys } from "./keys";
import type { CreateProjectBody, Ok, Project, UpdateProjectBody } from "./types";

const projectPath = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}`;

export function useProjects(companyId: string) {
  return useQuery({
    queryKey: projectKeys.list(companyId),
    queryFn: ({ signal }) => apiFetch<Project[]>(`/api/companies/${encodeURIComponent(companyId)}/projects`, { signal }),
  });
}

export function useProject(projectId: string) {
  return useQuery({ queryKey: projectKeys.detail(projectId), queryFn: ({ signal }) => apiFetch<Project>(projectPath(projectId), { signal }) });
}

export function useCreateProject(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProjectBody) => apiFetch<Project>(`/api/companies/${encodeURIComponent(companyId)}/projects`, { method: "POST", body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: projectKeys.list(companyId) }),
  });
}

export function useUpdateProject(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProjectBody) => apiFetch<Project>(projectPath(projectId), { method: "PATCH", body }),
    onSuccess: (project) => {
      queryClient.setQueryData(projectKeys.detail(projectId), project);
      void queryClient.invalidateQueries({ queryKey: projectKeys.list(project.companyId) });
    },
  });
}

export function useDeleteProject(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (projectId: string) => apiFetch<Ok>(projectPath(projectId), { method: "DELETE" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: projectKeys.list(companyId) }),
  });
}
