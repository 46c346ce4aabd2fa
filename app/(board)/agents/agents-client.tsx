"use client";

import Link from "next/link";
import { adapterLabel, roleLabel } from "@/components/agents/labels";
import { NewAgentDialog } from "@/components/agents/new-agent-dialog";
import { useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { CompanyPage } from "@/components/board/no-company";
import { StatusBadge } from "@/components/ui/badge";
import { Time } from "@/components/ui/format";
import { BotIcon } from "@/components/ui/icons";
import { ListPage } from "@/components/ui/list-page";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useAgents } from "@/lib/queries/agents";
import { useCompanyEvents } from "@/lib/queries/events";
import { type Run, useRuns } from "@/lib/queries/runs";

export function AgentsClient({ companyId }: { companyId: string | null }) {
  return (
    <CompanyPage title="Agents" companyId={companyId}>
      {(id) => <AgentList companyId={id} />}
    </CompanyPage>
  );
}

function AgentList({ companyId }: { companyId: string }) {
  const companyName = useCompanyName(companyId);
  const { canAct, canAdmin } = useCompanyPermissions(companyId);
  const agents = useAgents(companyId);
  // The company's newest runs (the query the run lists share), kept live: an agent with a running one shows "Running".
  const runs = useRuns(companyId, {});
  useCompanyEvents(companyId);
  const running = new Map<string, Run>();
  for (const run of runs.data ?? []) if (run.status === "running" && !running.has(run.agentId)) running.set(run.agentId, run);

  return (
    <ListPage
      title="Agents"
      description={companyName ? `AI agents working for ${companyName}.` : undefined}
      query={agents}
      what="agents"
      empty={{
        icon: <BotIcon className="size-6" />,
        title: "No agents yet",
        description: canAct ? "Create an agent, then give it an API key so it can pick up work." : "Agents appear here once an operator creates them.",
      }}
      create={
        canAct
          ? { label: "New agent", dialog: (dialog) => <NewAgentDialog {...dialog} companyId={companyId} agents={agents.data ?? []} canSetAdapter={canAdmin} /> }
          : null
      }
    >
      {(rows) => (
        <Table label="Agents" cards>
          <THead>
            <Th>Name</Th>
            <Th>Role</Th>
            <Th>Title</Th>
            <Th>Status</Th>
            <Th>Adapter</Th>
            <Th className="text-right">Created</Th>
          </THead>
          <TBody>
            {rows.map((agent) => (
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
                  <AgentStatus status={agent.status} run={running.get(agent.id)} />
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
    </ListPage>
  );
}

/** The agent's status, except that an agent working right now reads "Running", linked to its run. */
function AgentStatus({ status, run }: { status: string; run: Run | undefined }) {
  if (!run || status === "paused" || status === "terminated") return <StatusBadge status={status} />;
  return (
    <Link
      href={`/runs/${run.id}`}
      title="Open the live run"
      className="inline-flex items-center gap-1.5 rounded-md text-xs font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-400"
    >
      <span aria-hidden className="size-2 animate-pulse rounded-full bg-blue-500" />
      Running
    </Link>
  );
}
