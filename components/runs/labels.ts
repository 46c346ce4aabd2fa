// Why a run woke, as people say it; the raw reason stays in the run's wake payload and its environment variable.
const WAKE_REASONS: Record<string, string> = {
  issue_assigned: "Assigned an issue",
  issue_commented: "New comment on an issue",
  issue_comment_mentioned: "Mentioned in a comment",
  issue_blockers_resolved: "Blockers resolved",
  issue_children_completed: "Sub-issues completed",
  approval_approved: "Approval approved",
  approval_rejected: "Approval rejected",
  approval_revision_requested: "Approval revision requested",
  approval_commented: "New comment on an approval",
  execution_review_requested: "Review requested",
  execution_approval_requested: "Approval requested",
  execution_changes_requested: "Changes requested",
  execution_completed: "Review stages completed",
  manual: "Manual wake",
  heartbeat_timer: "Scheduled heartbeat",
  heartbeat_invoke: "Invoked heartbeat",
  workspace_conflict_resolved: "Workspace conflict resolved",
  workspace_finalizing: "Finalizing a workspace",
};

/** A run's title: its wake reason in words; a reason the board does not know (an API caller's own) as written, unslugged. */
export function runTitle(run: { wakeReason: string | null }): string {
  const reason = run.wakeReason;
  if (!reason) return "Run";
  const known = WAKE_REASONS[reason];
  if (known) return known;
  if (!/^[a-z0-9_]+$/.test(reason)) return reason;
  const words = reason.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
