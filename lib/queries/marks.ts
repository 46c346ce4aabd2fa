import { useQuery } from "@tanstack/react-query";
import type { SerializedMark } from "@/lib/marks/marks";
import { apiFetch } from "./client";

export type FileMark = SerializedMark;

/** Which of a company's marks a list shows; part of the key so each filter is cached apart. */
export type MarkFilter = { workspaceId?: string; agentId?: string };

export const markKeys = {
  all: ["file-marks"] as const,
  issues: () => [...markKeys.all, "issue"] as const,
  issue: (issueId: string) => [...markKeys.issues(), issueId] as const,
  /** Company-wide lists (a workspace's "who is editing what"); any mark change may touch them. */
  companyLists: () => [...markKeys.all, "company"] as const,
  companyList: (companyId: string, filter: MarkFilter) => [...markKeys.companyLists(), companyId, filter] as const,
};

type MarkList = { marks: FileMark[] };

export function useIssueMarks(issueId: string) {
  return useQuery({
    queryKey: markKeys.issue(issueId),
    queryFn: ({ signal }) => apiFetch<MarkList>(`/api/issues/${encodeURIComponent(issueId)}/file-marks`, { signal }),
    select: (data) => data.marks,
  });
}

export function useCompanyMarks(companyId: string, filter: MarkFilter) {
  const search = new URLSearchParams(Object.entries(filter).filter(([, value]) => value) as [string, string][]).toString();
  return useQuery({
    queryKey: markKeys.companyList(companyId, filter),
    queryFn: ({ signal }) => apiFetch<MarkList>(`/api/companies/${encodeURIComponent(companyId)}/file-marks${search ? `?${search}` : ""}`, { signal }),
    select: (data) => data.marks,
  });
}
