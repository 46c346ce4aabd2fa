"use client";

import { IssueTable } from "@/components/issues/issue-table";
import { IssueRef } from "@/components/issues/labels";
import { StatusBadge, humanize } from "@/components/ui/badge";
import { Time } from "@/components/ui/format";
import { Section } from "@/components/ui/page-header";
import { QueryList } from "@/components/ui/states";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useAgentWakeups } from "@/lib/queries/agents";
import { useIssueList } from "@/lib/queries/issues";
import type { IssueFilters } from "@/lib/queries/keys";

const INBOX_STATUSES = ["todo", "in_progress", "in_review", "blocked"] as const;

const muted = "text-sm text-zinc-500 dark:text-zinc-400";

/** The agent's open assignments: what its own inbox-lite call would return. */
export function AgentInboxSection({ agentId, agentName, companyId }: { agentId: string; agentName: string; companyId: string }) {
  const filters: IssueFilters = { assigneeAgentId: agentId, status: INBOX_STATUSES };
  const inbox = useIssueList(companyId, filters);
  return (
    <Section title="Inbox" description={`Issues assigned to ${agentName} that are to do, in progress, in review or blocked.`}>
      <QueryList query={inbox} what="the inbox" empty={<p className={muted}>Nothing assigned; {agentName} is free for new work.</p>}>
        {(issues) => <IssueTable label="Inbox" issues={issues} />}
      </QueryList>
    </Section>
  );
}

/** Why and when the agent was asked to wake, newest first, and whether the scheduler has delivered it. */
export function AgentWakeupsSection({ agentId, agentName }: { agentId: string; agentName: string }) {
  const wakeups = useAgentWakeups(agentId);
  return (
    <Section title="Wakeups" description="Requests to wake this agent, newest first.">
      <QueryList query={wakeups} what="wakeups" empty={<p className={muted}>{agentName} hasn&apos;t been woken yet.</p>}>
        {(rows) => (
          <Table label="Wakeups">
            <THead>
              <Th>Reason</Th>
              <Th>Issue</Th>
              <Th>Status</Th>
              <Th className="text-right">Requested</Th>
            </THead>
            <TBody>
              {rows.map((wakeup) => {
                const identifier = payloadIdentifier(wakeup.payload);
                return (
                  <Tr key={wakeup.id}>
                    <Td>{humanize(wakeup.reason.replace(/^issue_/, ""))}</Td>
                    <Td>
                      {identifier ? (
                        <IssueRef identifier={identifier} />
                      ) : wakeup.issueId ? (
                        <IssueRef identifier={wakeup.issueId} />
                      ) : (
                        <span className="text-zinc-400">—</span>
                      )}
                    </Td>
                    <Td>
                      <StatusBadge status={wakeup.status} />
                    </Td>
                    <Td className="text-right text-zinc-500 dark:text-zinc-400">
                      <Time value={wakeup.createdAt} relative />
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        )}
      </QueryList>
    </Section>
  );
}

function payloadIdentifier(payload: unknown): string | null {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return null;
  const identifier = (payload as { identifier?: unknown }).identifier;
  return typeof identifier === "string" ? identifier : null;
}
