import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { ApprovalsClient } from "./approvals-client";

export const metadata: Metadata = { title: "Approvals · Switchboard" };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const { companyId } = await requireBoardContext();
  const { tab } = await searchParams;
  return <ApprovalsClient companyId={companyId} tab={tab === "all" ? "all" : "pending"} />;
}
