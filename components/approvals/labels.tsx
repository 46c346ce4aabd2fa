import { Badge, humanize, type Tone } from "@/components/ui/badge";
import type { Approval } from "@/lib/queries/types";

const STATUS: Record<string, { label: string; tone: Tone }> = {
  pending: { label: "Pending", tone: "amber" },
  revision_requested: { label: "Revision requested", tone: "violet" },
  approved: { label: "Approved", tone: "green" },
  rejected: { label: "Rejected", tone: "red" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

export function ApprovalStatusBadge({ status }: { status: string }) {
  const shown = STATUS[status] ?? { label: humanize(status), tone: "neutral" as Tone };
  return <Badge tone={shown.tone}>{shown.label}</Badge>;
}

/** The payload's title when it has one (request_board_approval always does), else the type in words. */
export function approvalTitle(approval: Pick<Approval, "type" | "payload">): string {
  const title = (approval.payload as { title?: unknown }).title;
  return typeof title === "string" && title.trim() ? title : humanize(approval.type);
}
