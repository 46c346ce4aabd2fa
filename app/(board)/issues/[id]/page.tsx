import type { QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { prefetchCommentPages } from "@/lib/queries/comments";
import { issueActivityPath, issuePath } from "@/lib/queries/issues";
import { issueKeys } from "@/lib/queries/keys";
import { issueMarks, issueThoughts, labelList, people, prefetch, prefetched, runList } from "@/lib/queries/page-prefetch";
import { Prefetch, serverJson } from "@/lib/queries/prefetch";
import type { IssueDetail } from "@/lib/queries/types";
import { requireBoardContext } from "@/lib/session";
import { IssueDetailClient } from "./issue-detail-client";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `${decodeURIComponent(id)} · Switchboard` };
}

export default async function IssuePage({ params }: { params: Promise<{ id: string }> }) {
  await requireBoardContext();
  const { id } = await params;
  const ref = decodeURIComponent(id);
  return (
    <Prefetch prefetch={(client) => prefetchIssuePage(client, ref)}>
      <IssueDetailClient issueRef={ref} />
    </Prefetch>
  );
}

/**
 * The issue (under the ref in the URL, as useIssue reads it), then what its page shows first, keyed by the issue's id
 * as the sections' hooks are: the newest page of the thread with its events and cards, documents, attachments, runs
 * and the people who name authors. Each key and path is the hook's own (named beside it), so nothing is fetched twice.
 */
async function prefetchIssuePage(client: QueryClient, ref: string) {
  // useIssue (lib/queries/issues.ts).
  await prefetch(client, issueKeys.detail(ref), issuePath(ref));
  const issue = prefetched<IssueDetail>(client, issueKeys.detail(ref));
  if (!issue) return;
  const base = issuePath(issue.id);
  await Promise.all([
    // useCommentPages (lib/queries/comments.ts).
    prefetchCommentPages(client, issue.id, <T,>(path: string) => serverJson<T>(path)()),
    // useIssueActivity.
    prefetch(client, issueKeys.activity(issue.id), issueActivityPath(issue.id)),
    // useIssueDocuments and useInteractions (lib/queries/plans.ts).
    prefetch(client, issueKeys.documents(issue.id), `${base}/documents`),
    prefetch(client, issueKeys.interactions(issue.id), `${base}/interactions`),
    // useIssueApprovals (lib/queries/approvals.ts), useExecutionDecisions (lib/queries/needs-me.ts).
    prefetch(client, issueKeys.approvals(issue.id), `${base}/approvals`),
    prefetch(client, issueKeys.decisions(issue.id), `${base}/execution-decisions`),
    // useAttachments (lib/queries/workflow.ts).
    prefetch(client, issueKeys.attachments(issue.id), `${base}/attachments`),
    // usePeople (components/issues/people.ts) and the Runs section's useRuns.
    people(client, issue.companyId),
    runList(client, issue.companyId, { issueId: issue.id }),
    // The sidebar's Live panel and "Files being edited", and the header's labels.
    issueThoughts(client, issue.id),
    issueMarks(client, issue.id),
    labelList(client, issue.companyId),
  ]);
}
