"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { StatusBadge, humanize } from "@/components/ui/badge";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Checkbox } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import type { Label } from "@/lib/queries/labels";
import type { Issue, Project } from "@/lib/queries/types";
import { ISSUE_PRIORITIES, type IssueStatus } from "@/lib/schemas/values";
import { LabelChips } from "./label-chip";
import { PriorityBadge, issueLinkClass } from "./labels";
import type { IssueGrouping } from "./list-view";
import type { People } from "./people";

/** Work in motion first, then what waits, then what is finished. */
export const STATUS_GROUP_ORDER: readonly IssueStatus[] = ["in_progress", "in_review", "blocked", "todo", "backlog", "done", "cancelled"];

export type IssueGroup = { key: string; label: string; issues: Issue[] };

/** The loaded rows in groups (keeping the list's order inside each), in the grouping's own order; empty groups left out. */
export function groupIssues(issues: Issue[], grouping: IssueGrouping, names: { people: People; projects: Project[] }): IssueGroup[] {
  if (grouping === "none") return issues.length ? [{ key: "all", label: "All issues", issues }] : [];
  const groups = new Map<string, IssueGroup>();
  const add = (key: string, label: string, issue: Issue) => {
    const group = groups.get(key) ?? { key, label, issues: [] };
    group.issues.push(issue);
    groups.set(key, group);
  };
  const projectNames = new Map(names.projects.map((project) => [project.id, project.name]));
  for (const issue of issues) {
    if (grouping === "status") add(issue.status, humanize(issue.status), issue);
    else if (grouping === "priority") add(issue.priority, humanize(issue.priority), issue);
    else if (grouping === "project") add(issue.projectId ?? "none", issue.projectId ? (projectNames.get(issue.projectId) ?? "A project") : "No project", issue);
    else {
      const key = issue.assigneeAgentId ? `agent:${issue.assigneeAgentId}` : issue.assigneeUserId ? `user:${issue.assigneeUserId}` : "none";
      add(key, names.people.assigneeName(issue) ?? "Unassigned", issue);
    }
  }
  const order: readonly string[] = grouping === "status" ? STATUS_GROUP_ORDER : grouping === "priority" ? ISSUE_PRIORITIES : [];
  const rank = (group: IssueGroup) => {
    if (order.length) return String(order.indexOf(group.key)).padStart(3, "0");
    // Named groups A→Z, the "nobody / no project" group last.
    return group.key === "none" ? "\uffff" : group.label.toLowerCase();
  };
  return [...groups.values()].sort((a, b) => rank(a).localeCompare(rank(b)));
}

const focusedClass = "bg-zinc-100/80 shadow-[inset_2px_0_0_var(--color-blue-600)] dark:bg-zinc-800/60 dark:shadow-[inset_2px_0_0_var(--color-blue-400)]";
const cell = "px-3 py-2 align-middle text-zinc-700 dark:text-zinc-300 max-md:p-0";

/**
 * The issues page's rows, in collapsible groups with counts; a checkbox per row and per group, the focused row marked
 * (`aria-current`) and kept in view. Below 768 px each row becomes a card: identifier and title on top, chips below.
 */
export function IssueListTable({
  groups,
  grouping,
  moreToLoad,
  collapsed,
  onToggleGroup,
  focusedId,
  onFocus,
  selected,
  onSelect,
  onSelectGroup,
  people,
  projects,
  labels,
}: {
  groups: IssueGroup[];
  grouping: IssueGrouping;
  /** More pages exist: counts are "at least". */
  moreToLoad: boolean;
  collapsed: ReadonlySet<string>;
  onToggleGroup: (key: string) => void;
  focusedId: string | null;
  onFocus: (issueId: string) => void;
  selected: ReadonlySet<string>;
  /** A row's checkbox or a shift-click on a row: `range` extends from the last one picked. */
  onSelect: (issue: Issue, range: boolean) => void;
  onSelectGroup: (group: IssueGroup, select: boolean) => void;
  people: People;
  projects: Project[];
  labels: Label[];
}) {
  const focusedRow = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    focusedRow.current?.scrollIntoView({ block: "nearest" });
  }, [focusedId]);
  const projectNames = new Map(projects.map((project) => [project.id, project.name]));
  const showGroups = grouping !== "none";
  return (
    <div className="rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table aria-label="Issues" className="w-full border-collapse text-sm max-md:block">
        <thead className="bg-zinc-50 text-left text-xs font-medium text-zinc-500 max-md:hidden dark:bg-zinc-900/60 dark:text-zinc-400">
          <tr>
            <th scope="col" className="w-8 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
              <span className="sr-only">Selected</span>
            </th>
            <Th className="w-24">ID</Th>
            <Th>Title</Th>
            <Th>Status</Th>
            <Th>Priority</Th>
            <Th>Assignee</Th>
            <Th>Project</Th>
            <Th>Labels</Th>
            <Th className="text-right">Updated</Th>
          </tr>
        </thead>
        {groups.map((group) => {
          const open = !showGroups || !collapsed.has(group.key);
          const picked = group.issues.filter((issue) => selected.has(issue.id)).length;
          const count = `${group.issues.length}${moreToLoad ? "+" : ""}`;
          return (
            <tbody key={group.key} data-group={group.key} className="divide-y divide-zinc-100 max-md:block dark:divide-zinc-800/80">
              {showGroups ? (
                <tr className="bg-zinc-50/70 max-md:flex dark:bg-zinc-900/40">
                  <th scope="colgroup" colSpan={9} className="px-3 py-1.5 text-left max-md:flex-1">
                    <div className="flex items-center gap-2">
                      <Checkbox
                        aria-label={`Select all in ${group.label}`}
                        checked={picked > 0 && picked === group.issues.length}
                        ref={(input) => {
                          if (input) input.indeterminate = picked > 0 && picked < group.issues.length;
                        }}
                        onChange={(event) => onSelectGroup(group, event.target.checked)}
                      />
                      <button
                        type="button"
                        aria-expanded={open}
                        onClick={() => onToggleGroup(group.key)}
                        className={cn("flex items-center gap-2 rounded-sm text-xs font-semibold text-zinc-700 dark:text-zinc-200", focusRing)}
                      >
                        <span aria-hidden className={cn("inline-block text-zinc-400 transition-transform", open && "rotate-90")}>
                          ▸
                        </span>
                        {grouping === "status" ? <StatusBadge status={group.key} /> : <span>{group.label}</span>}
                        <span className="font-normal text-zinc-500 dark:text-zinc-400" aria-label={`${count} issues`}>
                          {count}
                        </span>
                      </button>
                    </div>
                  </th>
                </tr>
              ) : null}
              {open
                ? group.issues.map((issue) => {
                    const focused = issue.id === focusedId;
                    const isSelected = selected.has(issue.id);
                    const assignee = people.assigneeName(issue);
                    return (
                      <tr
                        key={issue.id}
                        ref={focused ? focusedRow : undefined}
                        data-issue={issue.identifier}
                        aria-current={focused ? "true" : undefined}
                        onClick={(event) => {
                          if ((event.target as HTMLElement).closest("a, input, button")) return;
                          if (event.shiftKey) onSelect(issue, true);
                          onFocus(issue.id);
                        }}
                        className={cn(
                          "transition-colors hover:bg-zinc-50/70 dark:hover:bg-zinc-900/50",
                          "max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-2 max-md:gap-y-1.5 max-md:px-3 max-md:py-2.5",
                          isSelected && "bg-blue-50/60 dark:bg-blue-950/30",
                          focused && focusedClass,
                        )}
                      >
                        <td className={cn(cell, "w-8")}>
                          <Checkbox
                            aria-label={`Select ${issue.identifier}`}
                            checked={isSelected}
                            onChange={(event) => onSelect(issue, "shiftKey" in event.nativeEvent && Boolean(event.nativeEvent.shiftKey))}
                          />
                        </td>
                        <td className={cn(cell, "whitespace-nowrap")}>
                          <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{issue.identifier}</span>
                        </td>
                        <td className={cn(cell, "min-w-48 max-md:min-w-0 max-md:flex-1")}>
                          <Link
                            href={`/issues/${encodeURIComponent(issue.identifier)}`}
                            title={issue.title}
                            className={cn(issueLinkClass, "line-clamp-2 break-words max-md:line-clamp-none")}
                          >
                            {issue.title}
                          </Link>
                        </td>
                        {/* On a card, what follows starts a line of its own. */}
                        <td aria-hidden className="hidden max-md:block max-md:h-0 max-md:basis-full max-md:p-0" />
                        <td className={cell}>
                          <StatusBadge status={issue.status} />
                        </td>
                        <td className={cell}>
                          <PriorityBadge priority={issue.priority} />
                        </td>
                        <td className={cn(cell, "max-w-40 truncate max-md:text-xs")} title={assignee ?? undefined}>
                          {assignee ?? <span className="text-zinc-400 max-md:hidden dark:text-zinc-500">Unassigned</span>}
                        </td>
                        <td className={cn(cell, "max-w-40 truncate max-md:text-xs")}>
                          {issue.projectId ? (
                            <span title={projectNames.get(issue.projectId)}>{projectNames.get(issue.projectId) ?? "A project"}</span>
                          ) : (
                            <span className="text-zinc-400 max-md:hidden dark:text-zinc-500">—</span>
                          )}
                        </td>
                        <td className={cn(cell, "max-w-56")}>
                          <LabelChips ids={issue.labelIds} labels={labels} max={3} />
                        </td>
                        <td className={cn(cell, "text-right whitespace-nowrap text-zinc-500 max-md:ml-auto max-md:text-xs dark:text-zinc-400")}>
                          <Time value={issue.updatedAt} relative />
                        </td>
                      </tr>
                    );
                  })
                : null}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

function Th({ className, children }: { className?: string; children: React.ReactNode }) {
  return (
    <th scope="col" className={cn("border-b border-zinc-200 px-3 py-2 font-medium whitespace-nowrap dark:border-zinc-800", className)}>
      {children}
    </th>
  );
}
