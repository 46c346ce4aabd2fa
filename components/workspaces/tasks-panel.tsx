"use client";

import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { IssueRef, PriorityBadge, issueLinkClass } from "@/components/issues/labels";
import { usePeople } from "@/components/issues/people";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { IssueIcon } from "@/components/ui/icons";
import { EmptyState } from "@/components/ui/states";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { ExecutionWorkspace } from "@/lib/queries/workspaces";

type LinkedIssue = NonNullable<ExecutionWorkspace["linkedIssues"]>[number];

// The guide's key: the list's view state, remembered across workspaces.
const VIEW_KEY = "paperclip:execution-workspace-issues-view";
const SORTS = { updated: "Recently updated", status: "Status", identifier: "Identifier" } as const;
type Sort = keyof typeof SORTS;
const STATUS_ORDER = ["in_progress", "in_review", "blocked", "todo", "backlog", "done", "cancelled"];

function sortIssues(issues: LinkedIssue[], sort: Sort): LinkedIssue[] {
  const sorted = [...issues];
  if (sort === "updated") sorted.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  if (sort === "status") sorted.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  if (sort === "identifier") sorted.sort((a, b) => a.identifier.localeCompare(b.identifier, undefined, { numeric: true }));
  // Live runs first whatever the order: they answer "is anything running here right now?".
  return sorted.sort((a, b) => Number(b.hasLiveRun) - Number(a.hasLiveRun));
}

/** Every issue that has run in this workspace, live runs highlighted. */
export function TasksPanel({ workspace }: { workspace: ExecutionWorkspace }) {
  const id = useId();
  const people = usePeople(workspace.companyId);
  const [sort, setSort] = useState<Sort>("updated");
  useEffect(() => {
    try {
      const stored = JSON.parse(window.localStorage.getItem(VIEW_KEY) ?? "{}") as { sort?: string };
      if (stored.sort && stored.sort in SORTS) setSort(stored.sort as Sort);
    } catch {
      // A damaged or unreadable view state just means the default order.
    }
  }, []);
  const choose = (next: Sort) => {
    setSort(next);
    try {
      window.localStorage.setItem(VIEW_KEY, JSON.stringify({ sort: next }));
    } catch {
      // Not remembered; still applied.
    }
  };
  const issues = workspace.linkedIssues ?? [];
  if (issues.length === 0) {
    return <EmptyState icon={<IssueIcon className="size-6" />} title="No tasks yet" description="Issues appear here once an agent runs them in this workspace." />;
  }
  const live = issues.filter((issue) => issue.hasLiveRun).length;
  return (
    <>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {issues.length} {issues.length === 1 ? "task has" : "tasks have"} run here{live ? ` · ${live} running now` : ""}.
        </p>
        <div className="flex items-center gap-2">
          <label htmlFor={`${id}-sort`} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Sort by
          </label>
          <Select id={`${id}-sort`} value={sort} onChange={(event) => choose(event.target.value as Sort)} className="w-44">
            {Object.entries(SORTS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <Table label="Linked tasks">
        <THead>
          <Th>Issue</Th>
          <Th>Title</Th>
          <Th>Status</Th>
          <Th>Priority</Th>
          <Th>Assignee</Th>
          <Th className="text-right">Updated</Th>
        </THead>
        <TBody>
          {sortIssues(issues, sort).map((issue) => (
            <Tr key={issue.id} className={cn(issue.hasLiveRun && "bg-blue-50/70 dark:bg-blue-950/30")} data-live-run={issue.hasLiveRun || undefined}>
              <Td className="whitespace-nowrap">
                <IssueRef identifier={issue.identifier} muted />
                {workspace.sourceIssueId === issue.id ? <span className="ml-1.5 text-xs text-zinc-400">source</span> : null}
              </Td>
              <Td className="max-w-sm">
                <Link href={`/issues/${encodeURIComponent(issue.identifier)}`} className={cn(issueLinkClass, "line-clamp-1")}>
                  {issue.title}
                </Link>
              </Td>
              <Td>
                <span className="flex items-center gap-1.5">
                  <StatusBadge status={issue.status} />
                  {issue.hasLiveRun ? <Badge tone="blue">Live run</Badge> : null}
                </span>
              </Td>
              <Td>
                <PriorityBadge priority={issue.priority} />
              </Td>
              <Td className="text-zinc-600 dark:text-zinc-400">{issue.assigneeAgentId ? people.agentName(issue.assigneeAgentId) : "—"}</Td>
              <Td className="text-right text-zinc-500 dark:text-zinc-400">
                <Time value={issue.updatedAt} relative />
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </>
  );
}
