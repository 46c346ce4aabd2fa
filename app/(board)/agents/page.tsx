import type { Metadata } from "next";
import { agentList } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { AgentsClient } from "./agents-client";

export const metadata: Metadata = { title: "Agents · Switchboard" };

export default async function AgentsPage() {
  const { companyId } = await requireBoardContext();
  return (
    <Prefetch prefetch={async (client) => companyId && agentList(client, companyId)}>
      <AgentsClient companyId={companyId} />
    </Prefetch>
  );
}
