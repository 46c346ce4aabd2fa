import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { apiFetch } from "./client";
import { invalidateLive } from "./invalidate";
import { instructionKeys, skillKeys } from "./keys";
import type { Ok } from "./types";
import type { serializeInstructionsBundle, serializeInstructionsPath } from "@/lib/agents/instructions";
import type { createCompanySkillBody, updateInstructionsBundleBody } from "@/lib/schemas/skills";
import type { serializeAgentSkills, serializeCompanySkill, serializeCompanySkillDetail } from "@/lib/skills/company-skills";

export type CompanySkill = ReturnType<typeof serializeCompanySkill>;
export type CompanySkillDetail = ReturnType<typeof serializeCompanySkillDetail>;
export type AgentSkills = ReturnType<typeof serializeAgentSkills>;
export type InstructionsBundle = ReturnType<typeof serializeInstructionsBundle>;
export type InstructionsPath = ReturnType<typeof serializeInstructionsPath>;
export type CreateCompanySkillBody = z.input<typeof createCompanySkillBody>;
export type UpdateInstructionsBundleBody = z.input<typeof updateInstructionsBundleBody>;
export type SkillImportResult = { imported: CompanySkill[]; updated: CompanySkill[]; warnings: string[] };
export type SkillScanResult = SkillImportResult & {
  scannedProjects: number;
  scannedWorkspaces: number;
  discovered: number;
  skipped: { workspaceName: string; path: string | null; reason: string }[];
  conflicts: { key: string; workspaceName: string; path: string; reason: string }[];
};

const skillsPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/skills`;
const agentPath = (agentId: string) => `/api/agents/${encodeURIComponent(agentId)}`;

export function useCompanySkills(companyId: string) {
  return useQuery({
    queryKey: skillKeys.list(companyId),
    queryFn: ({ signal }) => apiFetch<CompanySkill[]>(skillsPath(companyId), { signal }),
    staleTime: 30_000,
  });
}

/** Every skill change can change what an agent has chosen (a delete drops it), so all skill queries refresh. */
function useSkillMutation<TBody, TResult>(request: (body: TBody) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: request, onSettled: () => invalidateLive(queryClient, { queryKey: skillKeys.all }) });
}

export function useCreateCompanySkill(companyId: string) {
  return useSkillMutation((body: CreateCompanySkillBody) => apiFetch<CompanySkillDetail>(skillsPath(companyId), { method: "POST", body }));
}

export function useImportCompanySkills(companyId: string) {
  return useSkillMutation((source: string) => apiFetch<SkillImportResult>(`${skillsPath(companyId)}/import`, { method: "POST", body: { source } }));
}

export function useScanProjectSkills(companyId: string) {
  return useSkillMutation(() => apiFetch<SkillScanResult>(`${skillsPath(companyId)}/scan-projects`, { method: "POST", body: {} }));
}

export function useDeleteCompanySkill(companyId: string) {
  return useSkillMutation((skillId: string) => apiFetch<Ok>(`${skillsPath(companyId)}/${encodeURIComponent(skillId)}`, { method: "DELETE" }));
}

export function useAgentSkills(agentId: string) {
  return useQuery({
    queryKey: skillKeys.agent(agentId),
    queryFn: ({ signal }) => apiFetch<AgentSkills>(`${agentPath(agentId)}/skills`, { signal }),
  });
}

export function useSyncAgentSkills(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (desiredSkills: string[]) => apiFetch<AgentSkills>(`${agentPath(agentId)}/skills/sync`, { method: "POST", body: { desiredSkills } }),
    onSuccess: (result) => queryClient.setQueryData(skillKeys.agent(agentId), result),
    onSettled: () => invalidateLive(queryClient, { queryKey: skillKeys.agent(agentId) }),
  });
}

export function useInstructionsBundle(agentId: string) {
  return useQuery({
    queryKey: instructionKeys.bundle(agentId),
    queryFn: ({ signal }) => apiFetch<InstructionsBundle>(`${agentPath(agentId)}/instructions-bundle`, { signal }),
  });
}

export function useUpdateInstructionsBundle(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateInstructionsBundleBody) => apiFetch<InstructionsBundle>(`${agentPath(agentId)}/instructions-bundle`, { method: "PATCH", body }),
    onSuccess: (result) => queryClient.setQueryData(instructionKeys.bundle(agentId), result),
  });
}

export function useSetInstructionsPath(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (path: string | null) => apiFetch<InstructionsPath>(`${agentPath(agentId)}/instructions-path`, { method: "PATCH", body: { path } }),
    onSettled: () => invalidateLive(queryClient, { queryKey: instructionKeys.bundle(agentId) }),
  });
}
