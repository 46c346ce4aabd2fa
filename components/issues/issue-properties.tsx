"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { MutationConfirmDialog } from "@/components/ui/confirm-dialog";
import { Options } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { useReleaseIssue } from "@/lib/queries/issues";
import type { IssueDetail, UpdateIssueBody } from "@/lib/queries/types";
import { ISSUE_PRIORITIES, ISSUE_STATUSES } from "@/lib/schemas/values";
import { IssueWorkspace } from "./issue-workspace";
import type { People } from "./people";
import { SavingSelect } from "./saving-select";

const assigneeValue = (issue: IssueDetail) =>
  issue.assigneeAgentId ? `agent:${issue.assigneeAgentId}` : issue.assigneeUserId ? `user:${issue.assigneeUserId}` : "";

function assigneeBody(value: string): UpdateIssueBody {
  const [kind, id] = value.split(":");
  return { assigneeAgentId: kind === "agent" ? id : null, assigneeUserId: kind === "user" ? id : null };
}

/** Status, priority and assignee, saved as they change; then where the issue sits and when it moved. */
export function IssueProperties({ issue, people, canAct }: { issue: IssueDetail; people: People; canAct: boolean }) {
  const readOnly = !canAct;
  const assignee = assigneeValue(issue);
  const listed = people.agents.some((agent) => agent.id === issue.assigneeAgentId) || people.members.some((member) => member.userId === issue.assigneeUserId);
  return (
    <div className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <SavingSelect
        issueId={issue.id}
        label="Status"
        value={issue.status}
        toBody={(status) => ({ status: status as UpdateIssueBody["status"] })}
        disabled={readOnly}
      >
        <Options values={ISSUE_STATUSES} />
      </SavingSelect>
      <SavingSelect
        issueId={issue.id}
        label="Priority"
        value={issue.priority}
        toBody={(priority) => ({ priority: priority as UpdateIssueBody["priority"] })}
        disabled={readOnly}
      >
        <Options values={ISSUE_PRIORITIES} />
      </SavingSelect>
      <SavingSelect issueId={issue.id} label="Assignee" value={assignee} toBody={assigneeBody} disabled={readOnly}>
        <option value="">Nobody</option>
        <ChoiceGroup label="Agents" choices={people.agents.map((agent) => ({ value: `agent:${agent.id}`, name: agent.name }))} />
        <ChoiceGroup label="Board members" choices={people.members.map((member) => ({ value: `user:${member.userId}`, name: member.name }))} />
        {/* The current assignee stays shown while the lists load, or once they have left the company. */}
        {assignee && !listed ? <option value={assignee}>{people.assigneeName(issue)}</option> : null}
      </SavingSelect>
      {canAct && issue.assigneeAgentId && issue.checkoutRunId ? <ReleaseControl issue={issue} agentName={people.agentName(issue.assigneeAgentId)} /> : null}
      <IssueWorkspace issue={issue} canAct={canAct} />

      <dl className="space-y-2 border-t border-zinc-100 pt-3 text-sm dark:border-zinc-800">
        <Property label="Project">{issue.project?.name}</Property>
        <Property label="Goal">{issue.goal?.title}</Property>
        <Property label="Created">
          <Time value={issue.createdAt} relative />
        </Property>
        <Property label="Updated">
          <Time value={issue.updatedAt} relative />
        </Property>
        {issue.startedAt ? (
          <Property label="Started">
            <Time value={issue.startedAt} relative />
          </Property>
        ) : null}
        {issue.completedAt ? (
          <Property label="Completed">
            <Time value={issue.completedAt} relative />
          </Property>
        ) : null}
      </dl>
    </div>
  );
}

function ChoiceGroup({ label, choices }: { label: string; choices: { value: string; name: string }[] }) {
  if (choices.length === 0) return null;
  return (
    <optgroup label={label}>
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.name}
        </option>
      ))}
    </optgroup>
  );
}

function Property({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-3">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 truncate text-right text-zinc-900 dark:text-zinc-100">
        {children ?? <span className="text-zinc-400 dark:text-zinc-500">None</span>}
      </dd>
    </div>
  );
}

/** Taking an issue away from the agent working on it ends its checkout, so it asks first. */
function ReleaseControl({ issue, agentName }: { issue: IssueDetail; agentName: string }) {
  const [confirming, setConfirming] = useState<IssueDetail | null>(null);
  const release = useReleaseIssue(issue.id);
  return (
    <div className="flex items-center justify-between gap-2 rounded-md bg-blue-50 px-2.5 py-2 text-xs text-blue-800 dark:bg-blue-950/40 dark:text-blue-300">
      <span className="min-w-0">
        Held by <strong className="font-medium">{agentName}</strong>
      </span>
      <Button size="sm" onClick={() => setConfirming(issue)}>
        Release
      </Button>
      <MutationConfirmDialog
        target={confirming}
        onClose={() => setConfirming(null)}
        mutation={release}
        variables={() => undefined}
        title={`Release ${issue.identifier}?`}
        description={`${agentName} loses its checkout; the issue goes back to Todo with nobody assigned.`}
        confirmLabel="Release"
      />
    </div>
  );
}
