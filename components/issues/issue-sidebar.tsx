"use client";

import { ExecutionPanel } from "@/components/execution/execution-panel";
import { IssueFileMarks } from "@/components/marks/issue-file-marks";
import { RunList } from "@/components/runs/run-list";
import { IssueLivePanel } from "@/components/thoughts/issue-live-panel";
import { Section } from "@/components/ui/page-header";
import { WorkflowPanel } from "@/components/workflow/issue-workflow";
import type { IssueDetail } from "@/lib/queries/types";
import { IssueProperties } from "./issue-properties";
import { BlockedByPanel, BlocksPanel, SubIssuesPanel } from "./issue-relations";
import type { People } from "./people";

/**
 * The issue page's side column: live work, properties, review stages, workflow, runs and relations. Its own chunk
 * (see issue-detail-client.tsx): the server renders it with the page, and it hydrates once its code arrives.
 */
export default function IssueSidebar({
  issue,
  people,
  canAct,
  onCreateChild,
}: {
  issue: IssueDetail;
  people: People;
  canAct: boolean;
  onCreateChild: (() => void) | null;
}) {
  return (
    <>
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
      <SubIssuesPanel issue={issue} onCreate={onCreateChild} />
    </>
  );
}
