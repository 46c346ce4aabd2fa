// The issue page's document, attachment and review sections in one chunk, loaded lazily by issue-detail-client.tsx.
export { IssueDocuments } from "@/components/documents/issue-documents";
export { ReviewDecision } from "@/components/execution/execution-panel";
export { IssueAttachments } from "@/components/workflow/issue-workflow";
