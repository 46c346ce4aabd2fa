"use client";

import dynamic from "next/dynamic";
import { Suspense, lazy, useState } from "react";
import { useCompanyPermissions } from "@/components/board/board-context";
import { IssueDescription, IssueHeader } from "@/components/issues/issue-header";
import { IssueBreadcrumb } from "@/components/issues/issue-breadcrumb";
import { IssueThread } from "@/components/issues/issue-thread";
import { usePeople } from "@/components/issues/people";
import { IssueIcon } from "@/components/ui/icons";
import { BackLink } from "@/components/ui/page-header";
import { LoadingList, QueryDetail } from "@/components/ui/states";
import { useCompanyEvents } from "@/lib/queries/events";
import { useMarkIssueRead } from "@/lib/queries/inbox-read";
import { useIssue } from "@/lib/queries/issues";
import { useIssueDocuments } from "@/lib/queries/plans";
import type { IssueDetail } from "@/lib/queries/types";

// The side column is its own chunk, kept out of the page's first-load JavaScript: the server renders it into the HTML,
// hydration keeps that HTML until the chunk arrives, and the browser requests it as soon as this module runs.
const loadSidebar = () => import("@/components/issues/issue-sidebar");
if (typeof window !== "undefined") void loadSidebar().catch(() => undefined);
const IssueSidebar = lazy(loadSidebar);

// Documents, attachments and the reviewer's decision the same way, as one chunk.
const loadSections = () => import("@/components/issues/issue-page-sections");
if (typeof window !== "undefined") void loadSections().catch(() => undefined);
const IssueDocuments = lazy(() => loadSections().then((sections) => ({ default: sections.IssueDocuments })));
const IssueAttachments = lazy(() => loadSections().then((sections) => ({ default: sections.IssueAttachments })));
const ReviewDecision = lazy(() => loadSections().then((sections) => ({ default: sections.ReviewDecision })));

// Held actions are rare and the banner only links, so it loads when there is one to show (still rendered on the server).
const HeldActionsBanner = dynamic(() => import("@/components/issues/held-actions").then((module) => module.HeldActionsBanner));

// Creating a sub-issue is occasional, so its dialog loads when opened instead of with the page.
const NewIssueDialog = dynamic(() => import("@/components/issues/new-issue-dialog").then((module) => module.NewIssueDialog), { ssr: false });

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
  useMarkIssueRead(issue);

  return (
    <>
      <IssueBreadcrumb issue={issue} />
      <IssueHeader issue={issue} people={people} canAct={canAct} />

      {issue.heldActions.length > 0 ? <HeldActionsBanner heldActions={issue.heldActions} /> : null}

      {/* One column below lg: the main column (description, decision, thread) first, the details sidebar after it. */}
      <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0">
          <IssueDescription issue={issue} canAct={canAct} />
          <Suspense fallback={<LoadingList rows={2} label="Loading documents…" />}>
            <IssueDocuments issueId={issue.id} documents={documents} people={people} canAct={canAct} />
            <IssueAttachments issueId={issue.id} people={people} />
            <ReviewDecision issue={issue} canAct={canAct} />
          </Suspense>
          <IssueThread issue={issue} documents={documents.data ?? []} people={people} canAct={canAct} />
        </div>
        <aside className="min-w-0" aria-label="Issue details">
          <Suspense fallback={<LoadingList rows={6} label="Loading issue details…" />}>
            <IssueSidebar issue={issue} people={people} canAct={canAct} onCreateChild={canAct ? () => setCreatingChild(true) : null} />
          </Suspense>
        </aside>
      </div>

      {canAct && creatingChild ? (
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
