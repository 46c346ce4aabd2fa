"use client";

import Link from "next/link";
import { useState } from "react";
import { adapterLabel, roleLabel } from "@/components/agents/labels";
import { NewAgentDialog } from "@/components/agents/new-agent-dialog";
import { useBoard, useCompanyPermissions } from "@/components/board/board-context";
import { NoCompany } from "@/components/board/no-company";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/format";
import { BotIcon, PlusIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingList } from "@/components/ui/states";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useAgents } from "@/lib/queries/agents";

export function AgentsClient({ companyId }: { companyId: string | null }) {
  if (!companyId) {
    return (
      <>
        <PageHeader title="Agents" />
        <NoCompany />
      </>
    );
  }
  return <AgentList companyId={companyId} />;
}

function AgentList({ companyId }: { companyId: string }) {
  const { companies } = useBoard();
  const { canAct, canAdmin } = useCompanyPermissions(companyId);
  const agents = useAgents(companyId);
  const [creating, setCreating] = useState(false);
  const companyName = companies.find((company) => company.id === companyId)?.name;

  const newAgentButton = canAct ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <PlusIcon className="size-3.5" />
      New agent
    </Button>
  ) : null;

  return (
    <>
      <PageHeader title="Agents" description={companyName ? `AI agents working for ${companyName}.` : undefined} actions={agents.data?.length ? newAgentButton : null} />
      {agents.isPending ? (
        <LoadingList label="Loading agents…" />
      ) : agents.isError ? (
        <ErrorState error={agents.error} onRetry={() => void agents.refetch()} title="Couldn't load agents" />
      ) : agents.data.length === 0 ? (
        <EmptyState
          icon={<BotIcon className="size-6" />}
          title="No agents yet"
          description={canAct ? "Create an agent, then give it an API key so it can pick up work." : "Agents appear here once an operator creates them."}
          action={newAgentButton}
        />
      ) : (
        <Table label="Agents">
          <THead>
            <Th>Name</Th>
            <Th>Role</Th>
            <Th>Title</Th>
            <Th>Status</Th>
            <Th>Adapter</Th>
            <Th className="text-right">Created</Th>
          </THead>
          <TBody>
            {agents.data.map((agent) => (
              <Tr key={agent.id}>
                <Td>
                  <Link
                    href={`/agents/${agent.id}`}
                    className="font-medium text-zinc-900 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-100"
                  >
                    {agent.name}
                  </Link>
                </Td>
                <Td>{roleLabel(agent.role)}</Td>
                <Td className="max-w-56 truncate text-zinc-500 dark:text-zinc-400">{agent.title ?? "—"}</Td>
                <Td>
                  <StatusBadge status={agent.status} />
                </Td>
                <Td className="text-zinc-500 dark:text-zinc-400">{adapterLabel(agent.adapterType)}</Td>
                <Td className="text-right text-zinc-500 dark:text-zinc-400">
                  <Time value={agent.createdAt} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {canAct ? (
        <NewAgentDialog open={creating} onClose={() => setCreating(false)} companyId={companyId} agents={agents.data ?? []} canSetAdapter={canAdmin} />
      ) : null}
    </>
  );
}
