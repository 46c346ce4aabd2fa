import type { QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { publicApiUrl } from "@/lib/api/public-url";
import {
  agentApiKeys,
  agentDetail,
  agentInbox,
  agentInstructions,
  agentThought,
  agentWakeups,
  approvalList,
  companySkills,
  environmentList,
  prefetched,
  runList,
} from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { agentKeys } from "@/lib/queries/keys";
import type { AgentDetail } from "@/lib/queries/types";
import { requireBoardContext } from "@/lib/session";
import { AgentDetailClient } from "./agent-detail-client";

export const metadata: Metadata = { title: "Agent · Switchboard" };

export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  await requireBoardContext();
  const { id } = await params;
  return (
    <Prefetch prefetch={(client) => prefetchAgentPage(client, id)}>
      <AgentDetailClient agentId={id} apiUrl={publicApiUrl()} />
    </Prefetch>
  );
}

/** The agent, then everything its page shows in the agent's company (the same keys the sections' hooks read). */
async function prefetchAgentPage(client: QueryClient, agentId: string) {
  await agentDetail(client, agentId);
  const agent = prefetched<AgentDetail>(client, agentKeys.detail(agentId));
  if (!agent) return;
  await Promise.all([
    environmentList(client, agent.companyId, true),
    agentThought(client, agent.id),
    agentInbox(client, agent.companyId, agent.id),
    runList(client, agent.companyId, { agentId: agent.id }),
    agentWakeups(client, agent.id),
    agentInstructions(client, agent.id),
    companySkills(client, agent.companyId),
    agentApiKeys(client, agent.id),
    // The pending-hire notice looks for the open hire approval.
    agent.status === "pending_approval" ? approvalList(client, agent.companyId, "pending,revision_requested") : null,
  ]);
}
