// The thread's cards in one chunk, loaded lazily by issue-thread.tsx.
export { ApprovalThreadCard } from "@/components/approvals/approval-thread-card";
export { InteractionCard } from "@/components/interactions/interaction-card";
export { WorkspaceConflictCard } from "./workspace-conflict-card";
