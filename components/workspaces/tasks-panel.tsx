"use client";

import { useId } from "react";
import { IssueTable } from "@/components/issues/issue-table";
import { usePeople } from "@/components/issues/people";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/form";
import { useStoredString } from "@/components/ui/hooks";
import { IssueIcon } from "@/components/ui/icons";
import { EmptyState } from "@/components/ui/states";
import type { ExecutionWorkspace } from "@/lib/queries/workspaces";

type LinkedIssue = NonNullable<ExecutionWorkspace["linkedIssues"]>[number];

// The guide's key: the list's view state, remembered across workspaces.
const VIEW_KEY = "paperclip:execution-workspace-issues-view";
const SORTS = { updated: "Recently updated", status: "Status", identifier: "Identifier" } as const;
type Sort = keyof typeof SORTS;
const STATUS_ORDER = ["in_progress", "in_review", "blocked", "todo", "backlog", "done", "cancelled"];

function storedSort(stored: string | null): Sort {
  try {
    const view = JSON.parse(stored ?? "{}") as { sort?: string };
    return view.sort && view.sort in SORTS ? (view.sort as Sort) : "updated";
  } catch {
    // A damaged view state just means the default order.
    return "updated";
  }
}

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
  const [view, storeView] = useStoredString(VIEW_KEY);
  const sort = storedSort(view);
  const choose = (next: Sort) => storeView(JSON.stringify({ sort: next }));
  const issues = workspace.linkedIssues ?? [];
  if (issues.length === 0) {
    return (
      <EmptyState icon={<IssueIcon className="size-6" />} title="No tasks yet" description="Issues appear here once an agent runs them in this workspace." />
    );
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
      <IssueTable
        label="Linked tasks"
        issues={sortIssues(issues, sort)}
        idHeader="Issue"
        assigneeName={(issue) => (issue.assigneeAgentId ? people.agentName(issue.assigneeAgentId) : null)}
        noAssignee="—"
        afterIdentifier={(issue) => (workspace.sourceIssueId === issue.id ? <span className="ml-1.5 text-xs text-zinc-400">source</span> : null)}
        afterStatus={(issue) => (issue.hasLiveRun ? <Badge tone="blue">Live run</Badge> : null)}
        rowProps={(issue) => ({
          className: issue.hasLiveRun ? "bg-blue-50/70 dark:bg-blue-950/30" : undefined,
          "data-live-run": issue.hasLiveRun || undefined,
        })}
      />
    </>
  );
}
