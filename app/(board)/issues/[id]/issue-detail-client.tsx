"use client";

import { useState } from "react";
import { useCompanyPermissions } from "@/components/board/board-context";
import { ExecutionPanel } from "@/components/execution/execution-panel";
import { IssueActivity } from "@/components/issues/issue-activity";
import { IssueAttachments, WorkflowPanel } from "@/components/workflow/issue-workflow";
import { RunList } from "@/components/runs/run-list";
import { IssueProperties } from "@/components/issues/issue-properties";
import { BlockedByPanel, BlocksPanel, IssueBreadcrumb, SubIssuesPanel } from "@/components/issues/issue-relations";
import { IssueDocuments } from "@/components/documents/issue-documents";
import { HeldActionsBanner } from "@/components/issues/held-actions";
import { IssueFileMarks } from "@/components/marks/issue-file-marks";
import { IssueLivePanel } from "@/components/thoughts/issue-live-panel";
import { IssueThread } from "@/components/issues/issue-thread";
import { PriorityBadge } from "@/components/issues/labels";
import { NewIssueDialog } from "@/components/issues/new-issue-dialog";
import { usePeople } from "@/components/issues/people";
import { StatusBadge } from "@/components/ui/badge";
import { IssueIcon } from "@/components/ui/icons";
import { BackLink, PageHeader, Section } from "@/components/ui/page-header";
import { QueryDetail } from "@/components/ui/states";
import { useCompanyEvents } from "@/lib/queries/events";
import { useIssue } from "@/lib/queries/issues";
import { useIssueDocuments } from "@/lib/queries/plans";
import type { IssueDetail } from "@/lib/queries/types";

export function IssueDetailClient({ issueRef }: { issueRef: string }) {
  const issue = useIssue(issueRef);
  return (
    <>
      <BackLink href="/issues">Issues</BackLink>
      <QueryDetail query={issue} what="issue" icon={<IssueIcon className="size-6" />} list={{ href: "/issues", label: "issues" }}>
        {(data) => <IssueView issue={data} />}
      </QueryDetail>
    </>
  );
}

function IssueView({ issue }: { issue: IssueDetail }) {
  const { canAct } = useCompanyPermissions(issue.companyId);
  const people = usePeople(issue.companyId);
  const [creatingChild, setCreatingChild] = useState(false);
  const documents = useIssueDocuments(issue.id);
  useCompanyEvents(issue.companyId);

  return (
    <>
      <IssueBreadcrumb issue={issue} />
      <PageHeader
        title={
          <span className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-mono text-base font-medium text-zinc-500 dark:text-zinc-400">{issue.identifier}</span>
            <span className="break-words">{issue.title}</span>
          </span>
        }
        description={
          <span className="mt-1 flex flex-wrap items-center gap-2">
            <StatusBadge status={issue.status} />
            <PriorityBadge priority={issue.priority} />
            {people.assigneeName(issue) ? <span>Assigned to {people.assigneeName(issue)}</span> : <span>Unassigned</span>}
          </span>
        }
      />

      <HeldActionsBanner heldActions={issue.heldActions} />

      <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0">
          <Section title="Description">
            {issue.description ? (
              <p className="text-sm leading-relaxed break-words whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">{issue.description}</p>
            ) : (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">No description.</p>
            )}
          </Section>
          <IssueDocuments documents={documents} people={people} canAct={canAct} />
          <IssueAttachments issueId={issue.id} people={people} />
          <IssueThread issue={issue} documents={documents.data ?? []} people={people} canAct={canAct} />
          <IssueActivity issueId={issue.id} people={people} />
        </div>
        <aside className="min-w-0" aria-label="Issue details">
          <div className="mb-8">
            <IssueLivePanel issue={issue} />
            <IssueFileMarks issueId={issue.id} />
          </div>
          <IssueProperties issue={issue} people={people} canAct={canAct} />
          <ExecutionPanel issue={issue} people={people} canAct={canAct} />
          <WorkflowPanel issue={issue} />
          <Section title="Runs">
            <RunList companyId={issue.companyId} issueId={issue.id} empty="No agent run has been woken for this issue." />
          </Section>
          <BlockedByPanel issue={issue} canAct={canAct} />
          <BlocksPanel issue={issue} />
          <SubIssuesPanel issue={issue} onCreate={canAct ? () => setCreatingChild(true) : null} />
        </aside>
      </div>

      {canAct ? (
        <NewIssueDialog
          open={creatingChild}
          onClose={() => setCreatingChild(false)}
          companyId={issue.companyId}
          agents={people.agents}
          parent={{ id: issue.id, identifier: issue.identifier }}
        />
      ) : null}
    </>
  );
}
