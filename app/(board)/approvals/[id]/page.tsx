import type { Metadata } from "next";
import { approvalKeys } from "@/lib/queries/keys";
import { approvalDetail, people, prefetched } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import type { Approval } from "@/lib/queries/types";
import { requireBoardContext } from "@/lib/session";
import { ApprovalDetailClient } from "./approval-detail-client";

export const metadata: Metadata = { title: "Approval · Switchboard" };

export default async function ApprovalPage({ params }: { params: Promise<{ id: string }> }) {
  await requireBoardContext();
  const { id } = await params;
  const approvalId = decodeURIComponent(id);
  return (
    <Prefetch
      prefetch={async (client) => {
        await approvalDetail(client, approvalId);
        const approval = prefetched<Approval>(client, approvalKeys.detail(approvalId));
        if (approval) await people(client, approval.companyId);
      }}
    >
      <ApprovalDetailClient approvalId={approvalId} />
    </Prefetch>
  );
}
