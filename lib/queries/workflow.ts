import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { getWorkflow, validateWorkflowSource } from "@/lib/workflow/workflows";
import type { serializeAttachment } from "@/lib/workflow/attachments";
import { apiFetch } from "./client";
import { issuePath } from "./issues";
import { issueKeys } from "./keys";

export type WorkflowView = Awaited<ReturnType<typeof getWorkflow>>;
export type WorkflowCheck = ReturnType<typeof validateWorkflowSource>;
export type Attachment = ReturnType<typeof serializeAttachment>;

const workflowKey = (companyId: string) => ["workflow", companyId] as const;
const workflowPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/workflow`;

export function useCompanyWorkflow(companyId: string) {
  return useQuery({ queryKey: workflowKey(companyId), queryFn: ({ signal }) => apiFetch<WorkflowView>(workflowPath(companyId), { signal }) });
}

export function validateWorkflow(companyId: string, source: string, signal?: AbortSignal) {
  return apiFetch<WorkflowCheck>(`${workflowPath(companyId)}/validate`, { method: "POST", body: { source }, signal });
}

export function useSaveWorkflow(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (source: string) => apiFetch<WorkflowView>(workflowPath(companyId), { method: "PUT", body: { source } }),
    onSuccess: (saved) => queryClient.setQueryData(workflowKey(companyId), saved),
  });
}

export function useAttachments(issueId: string) {
  return useQuery({
    queryKey: issueKeys.attachments(issueId),
    queryFn: ({ signal }) => apiFetch<Attachment[]>(`${issuePath(issueId)}/attachments`, { signal }),
  });
}
