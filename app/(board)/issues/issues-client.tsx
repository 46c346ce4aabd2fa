"use client";

import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { CompanyPage } from "@/components/board/no-company";
import { IssueFilterBar, type IssueListFilters, NO_FILTERS, hasFilters } from "@/components/issues/issue-filters";
import { IssueTable } from "@/components/issues/issue-table";
import { NewIssueDialog } from "@/components/issues/new-issue-dialog";
import { usePeople } from "@/components/issues/people";
import { Button, CreateButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useDebouncedValue, useShortcuts } from "@/components/ui/hooks";
import { IssueIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, QueryList } from "@/components/ui/states";
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
    () => ({
      status: filters.statuses.length ? [...filters.statuses].sort() : undefined,
      assigneeAgentId: filters.assigneeAgentId || undefined,
      q: search || undefined,
    }),
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
            <IssueTable label="Issues" issues={items} assigneeName={people.assigneeName} selection={{ index: selectedIndex, onSelect: setSelected }} />
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

function Kbd({ children }: { children: React.ReactNode }) {
  return (
    <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1 font-mono text-[10px] text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400">
      {children}
    </kbd>
  );
}
