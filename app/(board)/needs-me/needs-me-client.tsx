"use client";

import Link from "next/link";
import { ApprovalDecision } from "@/components/approvals/approval-decision";
import { approvalTitle } from "@/components/approvals/labels";
import { useCompanyPermissions } from "@/components/board/board-context";
import { CompanyPage } from "@/components/board/no-company";
import { DecisionControls } from "@/components/execution/execution-panel";
import { OnboardingChecklist } from "@/components/onboarding/checklist-card";
import { principalName } from "@/components/issues/people";
import { ConfirmationActions } from "@/components/interactions/interaction-card";
import { type People, usePeople } from "@/components/issues/people";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/format";
import { ApprovalIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, QueryList } from "@/components/ui/states";
import { useCompanyEvents } from "@/lib/queries/events";
import { useNeedsMe } from "@/lib/queries/needs-me";
import type { ConfirmationPayload, NeedsMeItem } from "@/lib/queries/types";

export function NeedsMeClient({ companyId }: { companyId: string | null }) {
  return (
    <CompanyPage title="Needs me" companyId={companyId}>
      {(id) => <NeedsMeList companyId={id} />}
    </CompanyPage>
  );
}

/** What the link asks of the reader for the interactions answered on the issue page itself. */
const INTERACTION_ACTION: Record<string, string> = {
  ask_user_questions: "Answer the questions on the issue",
  suggest_tasks: "Choose which suggested tasks to create",
  request_checkbox_confirmation: "Tick the checklist on the issue",
};

function NeedsMeList({ companyId }: { companyId: string }) {
  const needsMe = useNeedsMe(companyId);
  const people = usePeople(companyId);
  const { canAct } = useCompanyPermissions(companyId);
  useCompanyEvents(companyId);
  const counts = needsMe.data?.counts;
  return (
    <>
      <PageHeader
        title="Needs me"
        description={
          counts
            ? `${counts.total} waiting: ${counts.stages} review/approval stage${counts.stages === 1 ? "" : "s"}, ${counts.confirmations} confirmation${counts.confirmations === 1 ? "" : "s"}, ${counts.approvals} approval${counts.approvals === 1 ? "" : "s"}. Oldest first.`
            : "Everything waiting for your decision, oldest first."
        }
      />
      {/* Viewers can neither take the steps nor dismiss the list (a company write), so it is not theirs to see. */}
      {canAct ? <OnboardingChecklist companyId={companyId} /> : null}
      <QueryList
        query={{ ...needsMe, data: needsMe.data?.items }}
        what="what needs you"
        empty={
          <EmptyState
            icon={<ApprovalIcon className="size-6" />}
            title="Nothing needs you"
            description={
              canAct ? "Reviews, confirmations and approvals waiting for you will appear here as they arrive." : "Viewers are never asked to decide."
            }
          />
        }
      >
        {(items) => (
          <ol className="space-y-3" aria-label="Waiting for me">
            {items.map((item) => (
              <NeedsMeCard key={`${item.kind}:${item.id}`} item={item} people={people} />
            ))}
          </ol>
        )}
      </QueryList>
    </>
  );
}

function NeedsMeCard({ item, people }: { item: NeedsMeItem; people: People }) {
  const issue = "issue" in item ? item.issue : null;
  return (
    <li data-needs-me={item.kind} className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/40">
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <Badge tone={item.kind === "approval" ? "amber" : item.kind === "interaction" ? "violet" : "blue"}>
          {item.kind === "approval"
            ? "Board approval"
            : item.kind === "interaction"
              ? "Confirmation"
              : item.stage.type === "approval"
                ? "Approval stage"
                : "Review stage"}
        </Badge>
        {issue ? (
          <Link href={`/issues/${issue.identifier}`} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">
            <span className="font-mono text-zinc-500">{issue.identifier}</span> {issue.title}
          </Link>
        ) : item.kind === "approval" ? (
          <Link href={`/approvals/${item.approval.id}`} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">
            {approvalTitle(item.approval)}
          </Link>
        ) : null}
        <span className="ml-auto text-zinc-500">
          waiting <Time value={item.waitingSince} relative />
        </span>
      </div>
      {item.kind === "execution_stage" ? (
        <>
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            Stage {(item.stage.index ?? 0) + 1} of {item.stage.count} · work by {principalName(item.stage.returnAssignee, people)}
          </p>
          <DecisionControls issue={{ id: item.issue.id }} commentRequired={item.stage.commentRequired} stageType={item.stage.type ?? "review"} />
        </>
      ) : item.kind === "interaction" ? (
        item.interaction.kind === "request_confirmation" ? (
          <div className="space-y-2">
            <p className="text-sm font-medium whitespace-pre-wrap">{(item.interaction.payload as ConfirmationPayload).prompt}</p>
            <ConfirmationActions interaction={item.interaction} payload={item.interaction.payload as ConfirmationPayload} issueId={item.issue.id} />
          </div>
        ) : (
          <Link href={`/issues/${item.issue.identifier}`} className="text-sm text-blue-700 underline dark:text-blue-400">
            {INTERACTION_ACTION[item.interaction.kind] ?? "Open it on the issue"}
          </Link>
        )
      ) : (
        <div className="space-y-2">
          {typeof (item.approval.payload as { summary?: unknown }).summary === "string" ? (
            <p className="text-sm whitespace-pre-wrap">{(item.approval.payload as { summary: string }).summary}</p>
          ) : null}
          <ApprovalDecision approval={item.approval} people={people} canAct />
        </div>
      )}
    </li>
  );
}
