"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { CompanyPage } from "@/components/board/no-company";
import { IssueFilterBar, type IssueListFilters, NO_FILTERS, hasFilters } from "@/components/issues/issue-filters";
import { PriorityBadge, issueLinkClass } from "@/components/issues/labels";
import { NewIssueDialog } from "@/components/issues/new-issue-dialog";
import { type People, usePeople } from "@/components/issues/people";
import { StatusBadge } from "@/components/ui/badge";
import { Button, CreateButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Time } from "@/components/ui/format";
import { useDebouncedValue, useShortcuts } from "@/components/ui/hooks";
import { IssueIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, QueryList } from "@/components/ui/states";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useCompanyEvents } from "@/lib/queries/events";
import { useIssuePages } from "@/lib/queries/issues";
import type { IssueFilters } from "@/lib/queries/keys";
import type { Issue } from "@/lib/queries/types";

const SEARCH_DEBOUNCE_MS = 250;

export function IssuesClient({ companyId }: { companyId: string | null }) {
  return (
    <CompanyPage title="Issues" companyId={companyId}>
      {(id) => <IssueList companyId={id} />}
    </CompanyPage>
  );
}

function IssueList({ companyId }: { companyId: string }) {
  const router = useRouter();
  const companyName = useCompanyName(companyId);
  const { canAct } = useCompanyPermissions(companyId);
  const people = usePeople(companyId);
  const [filters, setFilters] = useState<IssueListFilters>(NO_FILTERS);
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useCompanyEvents(companyId);

  const search = useDebouncedValue(filters.search.trim(), SEARCH_DEBOUNCE_MS);
  const apiFilters = useMemo<IssueFilters>(
    () => ({ status: filters.statuses.length ? [...filters.statuses].sort() : undefined, assigneeAgentId: filters.assigneeAgentId || undefined, q: search || undefined }),
    [filters.statuses, filters.assigneeAgentId, search],
  );
  const issues = useIssuePages(companyId, apiFilters);
  const rows = issues.data ?? [];
  const [selected, setSelected] = useState(0);
  const selectedIndex = Math.min(selected, Math.max(rows.length - 1, 0));

  const open = (issue: Issue | undefined) => issue && router.push(`/issues/${encodeURIComponent(issue.identifier)}`);
  const move = (by: number) => setSelected(Math.max(0, Math.min(rows.length - 1, selectedIndex + by)));
  useShortcuts({
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    Enter: () => open(rows[selectedIndex]),
    c: () => canAct && setCreating(true),
    "/": () => searchRef.current?.focus(),
  });

  const createButton = canAct ? <CreateButton onClick={() => setCreating(true)}>New issue</CreateButton> : null;
  const filtered = hasFilters(filters);
  return (
    <>
      <PageHeader title="Issues" description={companyName ? `Work for ${companyName}'s agents and board.` : undefined} actions={createButton} />
      <IssueFilterBar filters={filters} onChange={setFilters} agents={people.agents} searchRef={searchRef} />
      <QueryList
        query={issues}
        what="issues"
        rows={5}
        empty={
          filtered ? (
            <EmptyState
              icon={<IssueIcon className="size-6" />}
              title="No issues match"
              description="Try other statuses or another search."
              action={<Button onClick={() => setFilters(NO_FILTERS)}>Clear filters</Button>}
            />
          ) : (
            <EmptyState
              icon={<IssueIcon className="size-6" />}
              title="No issues yet"
              description={canAct ? "Create an issue and assign it to an agent; it wakes up and picks it up." : "Issues appear here once someone creates them."}
              action={createButton}
            />
          )
        }
      >
        {(items) => (
          <div className={cn("transition-opacity", issues.isPlaceholderData && "opacity-60")}>
            <IssueTable issues={items} people={people} selectedIndex={selectedIndex} onSelect={setSelected} />
            <div className="mt-3 flex items-center justify-between gap-3 text-xs text-zinc-500 dark:text-zinc-400">
              <p>
                <Kbd>j</Kbd>/<Kbd>k</Kbd> move · <Kbd>Enter</Kbd> open · <Kbd>c</Kbd> new issue · <Kbd>/</Kbd> search
              </p>
              {issues.hasNextPage ? (
                <Button size="sm" onClick={() => void issues.fetchNextPage()} pending={issues.isFetchingNextPage}>
                  Load more
                </Button>
              ) : null}
            </div>
          </div>
        )}
      </QueryList>
      {canAct ? (
        <NewIssueDialog open={creating} onClose={() => setCreating(false)} companyId={companyId} agents={people.agents} onCreated={(issue) => open(issue)} />
      ) : null}
    </>
  );
}

function IssueTable({ issues, people, selectedIndex, onSelect }: { issues: Issue[]; people: People; selectedIndex: number; onSelect: (index: number) => void }) {
  const selectedRow = useRef<HTMLTableRowElement>(null);
  useEffect(() => selectedRow.current?.scrollIntoView({ block: "nearest" }), [selectedIndex]);
  return (
    <Table label="Issues">
      <THead>
        <Th className="w-24">ID</Th>
        <Th>Title</Th>
        <Th>Status</Th>
        <Th>Priority</Th>
        <Th>Assignee</Th>
        <Th className="text-right">Updated</Th>
      </THead>
      <TBody>
        {issues.map((issue, index) => {
          const selected = index === selectedIndex;
          const assignee = people.assigneeName(issue);
          return (
            <Tr
              key={issue.id}
              ref={selected ? selectedRow : undefined}
              aria-current={selected ? "true" : undefined}
              onClick={() => onSelect(index)}
              className={cn(selected && "bg-zinc-100/80 shadow-[inset_2px_0_0_var(--color-blue-600)] hover:bg-zinc-100/80 dark:bg-zinc-800/60 dark:shadow-[inset_2px_0_0_var(--color-blue-400)] dark:hover:bg-zinc-800/60")}
            >
              <Td className="font-mono text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">{issue.identifier}</Td>
              <Td className="max-w-md">
                <Link href={`/issues/${encodeURIComponent(issue.identifier)}`} className={cn(issueLinkClass, "line-clamp-1 break-all")}>
                  {issue.title}
                </Link>
              </Td>
              <Td>
                <StatusBadge status={issue.status} />
              </Td>
              <Td>
                <PriorityBadge priority={issue.priority} />
              </Td>
              <Td className="max-w-40 truncate">{assignee ?? <span className="text-zinc-400 dark:text-zinc-500">Unassigned</span>}</Td>
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

function Kbd({ children }: { children: React.ReactNode }) {
  return <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1 font-mono text-[10px] text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400">{children}</kbd>;
}
