import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { companyRecords } from "./company-records";
import { projectKeys } from "./keys";
import type { CreateProjectBody, Ok, Project, UpdateProjectBody } from "./types";

const projects = companyRecords<Project, CreateProjectBody>("projects", projectKeys);
const projectPath = projects.path;

export const { useList: useProjects, useOne: useProject, useCreate: useCreateProject } = projects;

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
