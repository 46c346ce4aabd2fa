"use client";

import Link from "next/link";
import { ApprovalDecision } from "@/components/approvals/approval-decision";
import { ApprovalPayload } from "@/components/approvals/approval-payload";
import { approvalTitle, ApprovalStatusBadge } from "@/components/approvals/labels";
import { useCompanyPermissions } from "@/components/board/board-context";
import { type People, usePeople } from "@/components/issues/people";
import { humanize, StatusBadge } from "@/components/ui/badge";
import { CommentComposer } from "@/components/ui/comment-composer";
import { Time } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { ApprovalIcon, BotIcon } from "@/components/ui/icons";
import { BackLink, PageHeader, Section } from "@/components/ui/page-header";
import { QueryDetail, QueryList } from "@/components/ui/states";
import { errorMessage } from "@/lib/queries/client";
import { useAddApprovalComment, useApproval, useApprovalComments, useApprovalIssues } from "@/lib/queries/approvals";
import { useCompanyEvents } from "@/lib/queries/events";
import type { Approval } from "@/lib/queries/types";

export function ApprovalDetailClient({ approvalId }: { approvalId: string }) {
  const approval = useApproval(approvalId);
  return (
    <>
      <BackLink href="/approvals">Approvals</BackLink>
      <QueryDetail query={approval} what="approval" icon={<ApprovalIcon className="size-6" />} list={{ href: "/approvals", label: "approvals" }}>
        {(data) => <ApprovalView approval={data} />}
      </QueryDetail>
    </>
  );
}

function ApprovalView({ approval }: { approval: Approval }) {
  const people = usePeople(approval.companyId);
  const { canAct } = useCompanyPermissions(approval.companyId);
  useCompanyEvents(approval.companyId);
  const requester = people.authorName(approval.requestedByAgentId, approval.requestedByUserId, "Someone");

  return (
    <>
      <PageHeader
        title={approvalTitle(approval)}
        description={
          <span className="mt-1 flex flex-wrap items-center gap-2">
            <ApprovalStatusBadge status={approval.status} />
            <span>
              {humanize(approval.type)} · requested by {requester} <Time value={approval.createdAt} relative />
            </span>
          </span>
        }
      />
      <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0">
          <Section title="Request">
            <ApprovalPayload approval={approval} people={people} />
          </Section>
          <ApprovalComments approval={approval} people={people} canAct={canAct} />
        </div>
        <aside className="min-w-0 space-y-8" aria-label="Decision and linked issues">
          <Section title="Decision">
            <ApprovalDecision approval={approval} people={people} canAct={canAct} />
          </Section>
          <LinkedIssues approvalId={approval.id} />
        </aside>
      </div>
    </>
  );
}

function LinkedIssues({ approvalId }: { approvalId: string }) {
  const issues = useApprovalIssues(approvalId);
  return (
    <Section title="Linked issues">
      <QueryList query={issues} what="linked issues" rows={1} empty={<p className="text-sm text-zinc-500 dark:text-zinc-400">No linked issues.</p>}>
        {(items) => (
          <ul className="space-y-2 text-sm">
            {items.map((issue) => (
              <li key={issue.id} className="flex items-center gap-2">
                <Link href={`/issues/${issue.identifier}`} className="font-mono text-xs text-zinc-500 hover:underline">
                  {issue.identifier}
                </Link>
                <Link href={`/issues/${issue.identifier}`} className="min-w-0 truncate hover:underline">
                  {issue.title}
                </Link>
                <span className="ml-auto">
                  <StatusBadge status={issue.status} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </Section>
  );
}

function ApprovalComments({ approval, people, canAct }: { approval: Approval; people: People; canAct: boolean }) {
  const comments = useApprovalComments(approval.id);
  const add = useAddApprovalComment(approval.id);
  return (
    <Section title="Comments">
      <QueryList query={comments} what="comments" rows={1} empty={<p className="text-sm text-zinc-500 dark:text-zinc-400">No comments yet.</p>}>
        {(items) => (
          <ol className="space-y-3" aria-label="Approval comments">
            {items.map((comment) => (
              <li key={comment.id} className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/40">
                <div className="mb-1.5 flex items-center gap-2 text-xs">
                  {comment.authorAgentId ? <BotIcon className="size-3.5 text-zinc-400" /> : null}
                  <span className="font-medium">{people.authorName(comment.authorAgentId, comment.authorUserId, "System")}</span>
                  <span className="text-zinc-500">
                    <Time value={comment.createdAt} relative />
                  </span>
                </div>
                <Markdown>{comment.body}</Markdown>
              </li>
            ))}
          </ol>
        )}
      </QueryList>
      {canAct ? (
        <CommentComposer
          send={(body, done) => add.mutate(body, { onSuccess: done })}
          pending={add.isPending}
          error={add.error ? errorMessage(add.error) : undefined}
          hint="⌘/Ctrl + Enter to send. The requesting agent is woken."
        />
      ) : null}
    </Section>
  );
}
