"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import { AgentInstructionsSection } from "@/components/agents/agent-instructions-section";
import { AgentKeysSection } from "@/components/agents/agent-keys-section";
import { AgentMcpConfig } from "@/components/agents/agent-mcp-config";
import { AgentLifecycleActions, PendingHireNotice } from "@/components/agents/agent-lifecycle";
import { AgentInboxSection, AgentWakeupsSection } from "@/components/agents/agent-work-sections";
import { AdapterDialog } from "@/components/agents/adapter-dialog";
import { EditAgentDialog } from "@/components/agents/edit-agent-dialog";
import { adapterLabel, roleLabel } from "@/components/agents/labels";
import { useCompanyPermissions } from "@/components/board/board-context";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time, formatCents } from "@/components/ui/format";
import { BotIcon } from "@/components/ui/icons";
import { BackLink, PageHeader, Section } from "@/components/ui/page-header";
import { QueryDetail } from "@/components/ui/states";
import { RunList } from "@/components/runs/run-list";
import { AgentCurrentThought } from "@/components/thoughts/agent-current-thought";
import { useAgent } from "@/lib/queries/agents";
import { useEnvironments } from "@/lib/queries/environments";
import { useCompanyEvents } from "@/lib/queries/events";
import type { AgentDetail } from "@/lib/queries/types";

const linkClass =
  "font-medium text-zinc-900 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-100";

export function AgentDetailClient({ agentId, apiUrl }: { agentId: string; apiUrl: string | null }) {
  const agent = useAgent(agentId);

  return (
    <>
      <BackLink href="/agents">Agents</BackLink>
      <QueryDetail query={agent} what="agent" icon={<BotIcon className="size-6" />} list={{ href: "/agents", label: "agents" }}>
        {(data) => <AgentView agent={data} apiUrl={apiUrl} />}
      </QueryDetail>
    </>
  );
}

function AgentView({ agent, apiUrl }: { agent: AgentDetail; apiUrl: string | null }) {
  const { canAct, canAdmin } = useCompanyPermissions(agent.companyId);
  const [editing, setEditing] = useState(false);
  const [configuring, setConfiguring] = useState(false);
  const manager = agent.chainOfCommand[0];
  // Keeps the inbox and wakeups current as the agent's work changes.
  useCompanyEvents(agent.companyId);

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {agent.name}
            <StatusBadge status={agent.status} />
          </span>
        }
        description={[roleLabel(agent.role), agent.title].filter(Boolean).join(" · ")}
        actions={
          canAct ? (
            <span className="flex gap-2">
              <AgentLifecycleActions agent={agent} />
              {canAdmin ? <Button onClick={() => setConfiguring(true)}>Adapter</Button> : null}
              <Button onClick={() => setEditing(true)}>Edit</Button>
            </span>
          ) : null
        }
      />

      <PendingHireNotice agent={agent} />

      <dl className="grid grid-cols-1 gap-x-8 gap-y-4 rounded-lg border border-zinc-200 p-4 text-sm sm:grid-cols-2 lg:grid-cols-3 dark:border-zinc-800">
        <Detail label="Role">{roleLabel(agent.role)}</Detail>
        <Detail label="Title">{agent.title ?? <Muted>None</Muted>}</Detail>
        <Detail label="Status">
          <StatusBadge status={agent.status} />
        </Detail>
        <Detail label="Adapter">{adapterLabel(agent.adapterType)}</Detail>
        <Detail label="Reports to">
          {manager ? (
            <Link href={`/agents/${manager.id}`} className={linkClass}>
              {manager.name}
            </Link>
          ) : (
            <Muted>Nobody</Muted>
          )}
        </Detail>
        <Detail label="URL key">
          <code className="font-mono text-xs">{agent.urlKey}</code>
        </Detail>
        <Detail label="Monthly budget">{formatCents(agent.budgetMonthlyCents)}</Detail>
        <Detail label="Spent this month">{formatCents(agent.spentMonthlyCents)}</Detail>
        <Detail label="Last heartbeat">
          <Time value={agent.lastHeartbeatAt} relative empty="Never" />
        </Detail>
        <Detail label="Default environment">
          <AgentEnvironment companyId={agent.companyId} environmentId={agent.defaultEnvironmentId} />
        </Detail>
        <Detail label="Permissions">
          {[
            agent.permissions.canCreateAgents && "Create agents",
            agent.permissions.canCreateIssues && "Create issues",
            agent.permissions.canAssignTasks && "Assign tasks",
          ]
            .filter(Boolean)
            .join(", ") || <Muted>None</Muted>}
        </Detail>
        <Detail label="Created">
          <Time value={agent.createdAt} />
        </Detail>
        <Detail label="Updated">
          <Time value={agent.updatedAt} relative />
        </Detail>
        <Detail label="Agent id" wide>
          <code className="font-mono text-xs break-all">{agent.id}</code>
        </Detail>
        {agent.capabilities ? (
          <Detail label="Capabilities" wide>
            <p className="whitespace-pre-wrap">{agent.capabilities}</p>
          </Detail>
        ) : null}
      </dl>

      <AgentCurrentThought agentId={agent.id} agentName={agent.name} />

      <AgentInboxSection agentId={agent.id} agentName={agent.name} companyId={agent.companyId} />

      <Section title="Runs" description="Wakes delivered through the agent's adapter, newest first.">
        <RunList companyId={agent.companyId} agentId={agent.id} empty="No runs yet. Runs start when a wake arrives and an adapter is configured." />
      </Section>
      <AgentWakeupsSection agentId={agent.id} agentName={agent.name} />

      <Section title="Chain of command" description="Who this agent escalates to, nearest manager first.">
        {agent.chainOfCommand.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{agent.name} reports to nobody; it is at the top of its chain.</p>
        ) : (
          <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm" aria-label="Chain of command">
            <li className="font-medium">{agent.name}</li>
            {agent.chainOfCommand.map((link) => (
              <Fragment key={link.id}>
                <li aria-hidden className="text-zinc-400">
                  →
                </li>
                <li>
                  <Link href={`/agents/${link.id}`} className={linkClass}>
                    {link.name}
                  </Link>
                  <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">{link.title ?? roleLabel(link.role)}</span>
                </li>
              </Fragment>
            ))}
          </ol>
        )}
      </Section>

      <AgentInstructionsSection agentId={agent.id} companyId={agent.companyId} canEdit={canAct} />

      <AgentMcpConfig apiUrl={apiUrl} adapterType={agent.adapterType} adapterConfig={agent.adapterConfig} />

      {canAct ? (
        <AgentKeysSection agentId={agent.id} agentName={agent.name} />
      ) : (
        <Section title="API keys">
          <p className="text-sm text-zinc-500 dark:text-zinc-400">Viewers can&apos;t see or manage agent API keys.</p>
        </Section>
      )}

      {canAct ? <EditAgentDialog open={editing} onClose={() => setEditing(false)} agent={agent} /> : null}
      {canAdmin ? <AdapterDialog open={configuring} onClose={() => setConfiguring(false)} agent={agent} /> : null}
    </>
  );
}

function Detail({ label, wide, children }: { label: string; wide?: boolean; children: React.ReactNode }) {
  return (
    <div className={wide ? "sm:col-span-2 lg:col-span-3" : undefined}>
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

/** The agent's default environment by name; the instance default chosen on purpose pins the agent to local. */
function AgentEnvironment({ companyId, environmentId }: { companyId: string; environmentId: string | null }) {
  const environments = useEnvironments(companyId, { includeArchived: true });
  if (!environmentId) return <Muted>None (project or instance default)</Muted>;
  const environment = environments.data?.find((candidate) => candidate.id === environmentId);
  if (!environment) return <Muted>{environments.isPending ? "Loading…" : "Unknown environment"}</Muted>;
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      {environment.name}
      {environment.isDefault ? <Badge tone="blue">Pinned to local</Badge> : null}
      {environment.status === "archived" ? <Badge>Archived</Badge> : null}
    </span>
  );
}

function Muted({ children }: { children: React.ReactNode }) {
  return <span className="text-zinc-400 dark:text-zinc-500">{children}</span>;
}
