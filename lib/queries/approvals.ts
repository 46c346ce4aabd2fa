import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { invalidateLive } from "./invalidate";
import { apiFetch } from "./client";
import { issuePath } from "./issues";
import { approvalKeys, issueKeys, needsMeKeys } from "./keys";
import type { Approval, ApprovalComment, Issue } from "./types";

const approvalPath = (id: string) => `/api/approvals/${encodeURIComponent(id)}`;

export function useApprovals(companyId: string, status: string | null, enabled = true) {
  return useQuery({
    queryKey: approvalKeys.list(companyId, status),
    queryFn: ({ signal }) => apiFetch<Approval[]>(`/api/companies/${encodeURIComponent(companyId)}/approvals${status ? `?status=${status}` : ""}`, { signal }),
    enabled,
  });
}

export function useApproval(id: string) {
  return useQuery({ queryKey: approvalKeys.detail(id), queryFn: ({ signal }) => apiFetch<Approval>(approvalPath(id), { signal }) });
}

export function useApprovalComments(id: string) {
  return useQuery({ queryKey: approvalKeys.comments(id), queryFn: ({ signal }) => apiFetch<ApprovalComment[]>(`${approvalPath(id)}/comments`, { signal }) });
}

export function useApprovalIssues(id: string) {
  return useQuery({ queryKey: approvalKeys.issues(id), queryFn: ({ signal }) => apiFetch<Issue[]>(`${approvalPath(id)}/issues`, { signal }) });
}

export function useIssueApprovals(issueRef: string) {
  return useQuery({
    queryKey: issueKeys.approvals(issueRef),
    queryFn: ({ signal }) => apiFetch<Approval[]>(`${issuePath(issueRef)}/approvals`, { signal }),
  });
}

/** Approvals show up on their page, in lists and in issue threads; any change refreshes all of them. */
export function invalidateApprovals(queryClient: QueryClient) {
  invalidateLive(queryClient, { queryKey: approvalKeys.all });
  invalidateLive(queryClient, { queryKey: issueKeys.all, predicate: (query) => query.queryKey.at(-1) === "approvals" });
  invalidateLive(queryClient, { queryKey: needsMeKeys.all });
}

export type ApprovalDecision = "approve" | "reject" | "request-revision";

export function useDecideApproval(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ decision, decisionNote }: { decision: ApprovalDecision; decisionNote: string }) =>
      apiFetch<Approval>(`${approvalPath(id)}/${decision}`, { method: "POST", body: decisionNote ? { decisionNote } : {} }),
    onSuccess: () => invalidateApprovals(queryClient),
  });
}

export function useAddApprovalComment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => apiFetch<ApprovalComment>(`${approvalPath(id)}/comments`, { method: "POST", body: { body } }),
    onSuccess: () => invalidateApprovals(queryClient),
  });
}
