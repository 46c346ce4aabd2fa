"use client";

import { useState } from "react";
import { useCompanyPermissions } from "@/components/board/board-context";
import { ExecutionPanel, ReviewDecision } from "@/components/execution/execution-panel";
import { IssueDescription, IssueHeader } from "@/components/issues/issue-header";
import { IssueAttachments, WorkflowPanel } from "@/components/workflow/issue-workflow";
import { RunList } from "@/components/runs/run-list";
import { IssueProperties } from "@/components/issues/issue-properties";
import { BlockedByPanel, BlocksPanel, IssueBreadcrumb, SubIssuesPanel } from "@/components/issues/issue-relations";
import { IssueDocuments } from "@/components/documents/issue-documents";
import { HeldActionsBanner } from "@/components/issues/held-actions";
import { IssueFileMarks } from "@/components/marks/issue-file-marks";
import { IssueLivePanel } from "@/components/thoughts/issue-live-panel";
import { IssueThread } from "@/components/issues/issue-thread";
import { NewIssueDialog } from "@/components/issues/new-issue-dialog";
import { usePeople } from "@/components/issues/people";
import { IssueIcon } from "@/components/ui/icons";
import { BackLink, Section } from "@/components/ui/page-header";
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
      <IssueHeader issue={issue} people={people} canAct={canAct} />

      <HeldActionsBanner heldActions={issue.heldActions} />

      {/* One column below lg: the main column (description, decision, thread) first, the details sidebar after it. */}
      <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0">
          <IssueDescription issue={issue} canAct={canAct} />
          <IssueDocuments issueId={issue.id} documents={documents} people={people} canAct={canAct} />
          <IssueAttachments issueId={issue.id} people={people} />
          <ReviewDecision issue={issue} canAct={canAct} />
          <IssueThread issue={issue} documents={documents.data ?? []} people={people} canAct={canAct} />
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
          <div id="blockers" className="mt-8 scroll-mt-4">
            <BlockedByPanel issue={issue} canAct={canAct} />
          </div>
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
