import type { Metadata } from "next";
import { publicApiUrl } from "@/lib/api/public-url";
import { requireBoardContext } from "@/lib/session";
import { AgentDetailClient } from "./agent-detail-client";

export const metadata: Metadata = { title: "Agent · Switchboard" };

export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  await requireBoardContext();
  const { id } = await params;
  return <AgentDetailClient agentId={id} apiUrl={publicApiUrl()} />;
}
