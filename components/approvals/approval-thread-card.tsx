"use client";

import Link from "next/link";
import type { People } from "@/components/issues/people";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/format";
import type { Approval } from "@/lib/queries/types";
import { approvalTitle, ApprovalStatusBadge } from "./labels";

/** An approval linked to the issue, as a line in its thread that opens the approval. */
export function ApprovalThreadCard({ approval, people }: { approval: Approval; people: People }) {
  const requester = people.authorName(approval.requestedByAgentId, approval.requestedByUserId, "Someone");
  return (
    <li className="rounded-lg border border-amber-200 bg-amber-50/40 px-4 py-3 dark:border-amber-900/60 dark:bg-amber-950/20">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Badge tone="amber">Board approval</Badge>
        <Link href={`/approvals/${approval.id}`} className="font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-100">
          {approvalTitle(approval)}
        </Link>
        <span className="text-zinc-500 dark:text-zinc-400">
          {requester} · <Time value={approval.createdAt} relative />
        </span>
        <span className="ml-auto">
          <ApprovalStatusBadge status={approval.status} />
        </span>
      </div>
    </li>
  );
}
