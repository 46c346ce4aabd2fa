"use client";

import { humanize } from "@/components/ui/badge";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, RecordOptions, Select } from "@/components/ui/form";
import { SearchIcon } from "@/components/ui/icons";
import type { Agent } from "@/lib/queries/types";
import { ISSUE_STATUSES, type IssueStatus } from "@/lib/schemas/issues";

export type IssueListFilters = { statuses: IssueStatus[]; assigneeAgentId: string; search: string };
export const NO_FILTERS: IssueListFilters = { statuses: [], assigneeAgentId: "", search: "" };

export function hasFilters(filters: IssueListFilters): boolean {
  return filters.statuses.length > 0 || filters.assigneeAgentId !== "" || filters.search.trim() !== "";
}

/** Status toggles (none pressed shows every status), the assignee agent and a search box that `/` focuses. */
export function IssueFilterBar({
  filters,
  onChange,
  agents,
  searchRef,
}: {
  filters: IssueListFilters;
  onChange: (filters: IssueListFilters) => void;
  agents: Agent[];
  searchRef: React.Ref<HTMLInputElement>;
}) {
  const toggle = (status: IssueStatus) =>
    onChange({ ...filters, statuses: filters.statuses.includes(status) ? filters.statuses.filter((s) => s !== status) : [...filters.statuses, status] });
  return (
    <div className="mb-4 space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <div className="relative min-w-48 flex-1">
          <label htmlFor="issue-search" className="sr-only">
            Search issues
          </label>
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-zinc-400" />
          <Input
            ref={searchRef}
            id="issue-search"
            type="search"
            value={filters.search}
            onChange={(event) => onChange({ ...filters, search: event.target.value })}
            onKeyDown={(event) => event.key === "Escape" && event.currentTarget.blur()}
            placeholder="Search title, description, comments…  ( / )"
            className="pl-8"
            maxLength={200}
            autoComplete="off"
          />
        </div>
        <div className="flex items-center gap-2">
          <label htmlFor="issue-assignee-filter" className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
            Assigned to
          </label>
          <Select
            id="issue-assignee-filter"
            value={filters.assigneeAgentId}
            onChange={(event) => onChange({ ...filters, assigneeAgentId: event.target.value })}
            className="w-44"
          >
            <RecordOptions none="Anyone" records={agents} label={(agent) => agent.name} />
          </Select>
        </div>
      </div>
      <div role="group" aria-label="Show only" className="flex flex-wrap items-center gap-1.5">
        <span aria-hidden className="mr-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">
          Show only
        </span>
        {ISSUE_STATUSES.map((status) => {
          const pressed = filters.statuses.includes(status);
          return (
            <button
              key={status}
              type="button"
              aria-pressed={pressed}
              onClick={() => toggle(status)}
              className={cn(
                "rounded-full border px-2.5 py-0.5 text-xs font-medium transition-colors",
                focusRing,
                pressed
                  ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
                  : "border-zinc-300 text-zinc-600 hover:border-zinc-400 hover:text-zinc-900 dark:border-zinc-700 dark:text-zinc-400 dark:hover:border-zinc-500 dark:hover:text-zinc-100",
              )}
            >
              {humanize(status)}
            </button>
          );
        })}
        {hasFilters(filters) ? (
          <button
            type="button"
            onClick={() => onChange(NO_FILTERS)}
            className={cn(
              "ml-1 rounded-sm text-xs font-medium text-zinc-500 underline-offset-2 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-zinc-100",
              focusRing,
            )}
          >
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  );
}
