import type { Metadata } from "next";
import { approvalList, people } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { ApprovalsClient } from "./approvals-client";

export const metadata: Metadata = { title: "Approvals · Switchboard" };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const { companyId } = await requireBoardContext();
  const { tab } = await searchParams;
  const current = tab === "all" ? "all" : "pending";
  return (
    <Prefetch
      prefetch={async (client) =>
        companyId && Promise.all([approvalList(client, companyId, current === "pending" ? "pending" : null), people(client, companyId)])
      }
    >
      <ApprovalsClient companyId={companyId} tab={current} />
    </Prefetch>
  );
}
