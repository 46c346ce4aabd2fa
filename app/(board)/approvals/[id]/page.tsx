import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { ApprovalDetailClient } from "./approval-detail-client";

export const metadata: Metadata = { title: "Approval · Switchboard" };

export default async function ApprovalPage({ params }: { params: Promise<{ id: string }> }) {
  await requireBoardContext();
  const { id } = await params;
  return <ApprovalDetailClient approvalId={decodeURIComponent(id)} />;
}
