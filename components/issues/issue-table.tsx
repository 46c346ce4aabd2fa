"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { StatusBadge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Time } from "@/components/ui/format";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { Issue } from "@/lib/queries/types";
import { IssueRef, PriorityBadge, issueLinkClass } from "./labels";

const selectedClass =
  "bg-zinc-100/80 shadow-[inset_2px_0_0_var(--color-blue-600)] hover:bg-zinc-100/80 dark:bg-zinc-800/60 dark:shadow-[inset_2px_0_0_var(--color-blue-400)] dark:hover:bg-zinc-800/60";

/** What a row needs of an issue: the full issue, or a summary such as a workspace's linked tasks. */
type IssueRow = Pick<Issue, "id" | "identifier" | "title" | "updatedAt"> & { status: string; priority: string };

/**
 * Issues as rows: identifier, title (a link to the issue), status, priority, optionally the assignee, and when each last
 * changed. With `selection`, one row is marked (`aria-current`) and kept scrolled into view for keyboard navigation.
 */
export function IssueTable<T extends IssueRow>({
  label,
  issues,
  assigneeName,
  selection,
  idHeader = "ID",
  noAssignee = <span className="text-zinc-400 dark:text-zinc-500">Unassigned</span>,
  afterIdentifier,
  afterStatus,
  rowProps,
}: {
  label: string;
  issues: T[];
  /** Shows the Assignee column. */
  assigneeName?: (issue: T) => string | null;
  selection?: { index: number; onSelect: (index: number) => void };
  /** The identifier column's header. */
  idHeader?: string;
  /** The Assignee cell of an issue nobody is assigned to. */
  noAssignee?: React.ReactNode;
  /** Shown after the identifier, e.g. a note that the issue is the source of something. */
  afterIdentifier?: (issue: T) => React.ReactNode;
  /** Shown beside the status badge, e.g. a "Live run" badge. */
  afterStatus?: (issue: T) => React.ReactNode;
  /** Extra class and data attributes of an issue's row, e.g. to highlight it. */
  rowProps?: (issue: T) => { className?: string } & { [data: `data-${string}`]: string | boolean | undefined };
}) {
  const selectedRow = useRef<HTMLTableRowElement>(null);
  const selectedIndex = selection?.index;
  useEffect(() => {
    selectedRow.current?.scrollIntoView({ block: "nearest" });
  }, [selectedIndex]);
  return (
    <Table label={label}>
      <THead>
        <Th className="w-24">{idHeader}</Th>
        <Th>Title</Th>
        <Th>Status</Th>
        <Th>Priority</Th>
        {assigneeName ? <Th>Assignee</Th> : null}
        <Th className="text-right">Updated</Th>
      </THead>
      <TBody>
        {issues.map((issue, index) => {
          const selected = index === selectedIndex;
          const assignee = assigneeName?.(issue);
          const { className: rowClass, ...rowData } = rowProps?.(issue) ?? {};
          const status = afterStatus?.(issue);
          return (
            <Tr
              key={issue.id}
              ref={selected ? selectedRow : undefined}
              aria-current={selected ? "true" : undefined}
              onClick={selection ? () => selection.onSelect(index) : undefined}
              className={cn(rowClass, selected && selectedClass)}
              {...rowData}
            >
              <Td className="whitespace-nowrap">
                <IssueRef identifier={issue.identifier} muted />
                {afterIdentifier?.(issue)}
              </Td>
              <Td className="max-w-md">
                <Link href={`/issues/${encodeURIComponent(issue.identifier)}`} title={issue.title} className={cn(issueLinkClass, "line-clamp-1 break-words")}>
                  {issue.title}
                </Link>
              </Td>
              <Td>
                {status ? (
                  <span className="flex items-center gap-1.5">
                    <StatusBadge status={issue.status} />
                    {status}
                  </span>
                ) : (
                  <StatusBadge status={issue.status} />
                )}
              </Td>
              <Td>
                <PriorityBadge priority={issue.priority} />
              </Td>
              {assigneeName ? <Td className="max-w-40 truncate">{assignee ?? noAssignee}</Td> : null}
              <Td className="text-right text-zinc-500 dark:text-zinc-400">
                <Time value={issue.updatedAt} relative />
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
