"use client";

import { humanize } from "@/components/ui/badge";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/form";
import { SearchIcon } from "@/components/ui/icons";
import type { Label } from "@/lib/queries/labels";
import type { Agent, Member, Project } from "@/lib/queries/types";
import { ISSUE_PRIORITIES, ISSUE_STATUSES, TERMINAL_STATUSES } from "@/lib/schemas/values";
import { ISSUE_SORTS } from "@/lib/schemas/values";
import { DEFAULT_DIRECTION, ISSUE_GROUPINGS, type IssueListView, isFiltered, withoutFilters } from "./list-view";

const SORT_NAMES: Record<(typeof ISSUE_SORTS)[number], string> = {
  priority: "Priority",
  updated: "Last updated",
  created: "Created",
  title: "Title",
  identifier: "Identifier",
};
const GROUP_NAMES: Record<(typeof ISSUE_GROUPINGS)[number], string> = {
  status: "Status",
  priority: "Priority",
  assignee: "Assignee",
  project: "Project",
  none: "No grouping",
};

/** The assignee filter as one select value: "me", "agent:<id>" or "user:<id>". */
function assigneeValue(view: IssueListView): string {
  if (view.assigneeAgentId) return `agent:${view.assigneeAgentId}`;
  if (view.assigneeUserId === "me") return "me";
  return view.assigneeUserId ? `user:${view.assigneeUserId}` : "";
}

function withAssignee(view: IssueListView, value: string): IssueListView {
  const [kind, id] = value.split(":");
  return { ...view, assigneeAgentId: kind === "agent" ? id : "", assigneeUserId: kind === "me" ? "me" : kind === "user" ? id : "" };
}

const toggled = <T,>(values: readonly T[], value: T, order: readonly T[]): T[] =>
  order.filter((item) => (item === value ? !values.includes(value) : values.includes(item)));

/**
 * Every control of the issues page's view: search (`/` focuses it), sort and grouping, then status and priority toggles,
 * assignee, project and label, "Has blockers" and "Show closed". Each change goes straight to `onChange` (the URL).
 */
export function IssueFilterBar({
  view,
  search,
  onSearch,
  onChange,
  agents,
  members,
  projects,
  labels,
  searchRef,
  views,
}: {
  view: IssueListView;
  /** The search box's text, ahead of the (debounced) view. */
  search: string;
  onSearch: (text: string) => void;
  onChange: (view: IssueListView) => void;
  agents: Agent[];
  members: Member[];
  projects: Project[];
  labels: Label[];
  searchRef: React.Ref<HTMLInputElement>;
  /** The saved views menu. */
  views: React.ReactNode;
}) {
  const direction = view.direction ?? DEFAULT_DIRECTION[view.sort];
  const listed = (id: string, records: { id: string }[]) => !id || id === "none" || records.some((record) => record.id === id);
  return (
    <div className="mb-4 space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-48 flex-1">
          <label htmlFor="issue-search" className="sr-only">
            Search issues
          </label>
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-zinc-400" />
          <Input
            ref={searchRef}
            id="issue-search"
            type="search"
            value={search}
            onChange={(event) => onSearch(event.target.value)}
            onKeyDown={(event) => event.key === "Escape" && event.currentTarget.blur()}
            placeholder="Search title, description, comments…  ( / )"
            className="pl-8"
            maxLength={200}
            autoComplete="off"
          />
        </div>
        <div className="flex items-center gap-1">
          <label htmlFor="issue-sort" className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
            Sort
          </label>
          <Select
            id="issue-sort"
            value={view.sort}
            onChange={(event) => onChange({ ...view, sort: event.target.value as IssueListView["sort"], direction: null })}
            className="w-36"
          >
            {ISSUE_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_NAMES[sort]}
              </option>
            ))}
          </Select>
          <button
            type="button"
            onClick={() => {
              const next = direction === "asc" ? "desc" : "asc";
              onChange({ ...view, direction: next === DEFAULT_DIRECTION[view.sort] ? null : next });
            }}
            aria-label={direction === "asc" ? "Ascending; switch to descending" : "Descending; switch to ascending"}
            title={direction === "asc" ? "Ascending" : "Descending"}
            className={cn(
              "flex h-8 w-8 items-center justify-center rounded-md border border-zinc-300 text-sm text-zinc-600 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800",
              focusRing,
            )}
          >
            <span aria-hidden>{direction === "asc" ? "↑" : "↓"}</span>
          </button>
        </div>
        <div className="flex items-center gap-1">
          <label htmlFor="issue-group" className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
            Group
          </label>
          <Select
            id="issue-group"
            value={view.group}
            onChange={(event) => onChange({ ...view, group: event.target.value as IssueListView["group"] })}
            className="w-36"
          >
            {ISSUE_GROUPINGS.map((group) => (
              <option key={group} value={group}>
                {GROUP_NAMES[group]}
              </option>
            ))}
          </Select>
        </div>
        {views}
      </div>

      <div role="group" aria-label="Status" className="flex flex-wrap items-center gap-1.5">
        <span aria-hidden className="mr-1 w-14 text-xs font-medium text-zinc-500 dark:text-zinc-400">
          Status
        </span>
        {ISSUE_STATUSES.map((status) => (
          <Pill key={status} pressed={view.status.includes(status)} onClick={() => onChange({ ...view, status: toggled(view.status, status, ISSUE_STATUSES) })}>
            {humanize(status)}
          </Pill>
        ))}
        <span aria-hidden className="mx-1 h-4 w-px bg-zinc-200 dark:bg-zinc-800" />
        <Pill
          pressed={view.closed || view.status.some((status) => TERMINAL_STATUSES.includes(status))}
          disabled={view.status.length > 0}
          title={view.status.length > 0 ? "The picked statuses decide" : "Done and cancelled issues"}
          onClick={() => onChange({ ...view, closed: !view.closed })}
        >
          Show closed
        </Pill>
      </div>
      <div role="group" aria-label="Priority" className="flex flex-wrap items-center gap-1.5">
        <span aria-hidden className="mr-1 w-14 text-xs font-medium text-zinc-500 dark:text-zinc-400">
          Priority
        </span>
        {ISSUE_PRIORITIES.map((priority) => (
          <Pill
            key={priority}
            pressed={view.priority.includes(priority)}
            onClick={() => onChange({ ...view, priority: toggled(view.priority, priority, ISSUE_PRIORITIES) })}
          >
            {humanize(priority)}
          </Pill>
        ))}
        <span aria-hidden className="mx-1 h-4 w-px bg-zinc-200 dark:bg-zinc-800" />
        <Pill pressed={view.blocked} onClick={() => onChange({ ...view, blocked: !view.blocked })}>
          Has blockers
        </Pill>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <FilterSelect id="issue-assignee-filter" label="Assignee" value={assigneeValue(view)} onChange={(value) => onChange(withAssignee(view, value))}>
          <option value="">Anyone</option>
          <option value="me">Me</option>
          {agents.length ? (
            <optgroup label="Agents">
              {agents.map((agent) => (
                <option key={agent.id} value={`agent:${agent.id}`}>
                  {agent.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {members.length ? (
            <optgroup label="Board members">
              {members.map((member) => (
                <option key={member.userId} value={`user:${member.userId}`}>
                  {member.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {view.assigneeAgentId && !listed(view.assigneeAgentId, agents) ? <option value={assigneeValue(view)}>An agent</option> : null}
          {view.assigneeUserId && view.assigneeUserId !== "me" && !members.some((member) => member.userId === view.assigneeUserId) ? (
            <option value={assigneeValue(view)}>A board member</option>
          ) : null}
        </FilterSelect>
        <FilterSelect id="issue-project-filter" label="Project" value={view.projectId} onChange={(projectId) => onChange({ ...view, projectId })}>
          <option value="">Any project</option>
          <option value="none">No project</option>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
          {!listed(view.projectId, projects) ? <option value={view.projectId}>A project</option> : null}
        </FilterSelect>
        <FilterSelect id="issue-label-filter" label="Label" value={view.labelId} onChange={(labelId) => onChange({ ...view, labelId })}>
          <option value="">Any label</option>
          {labels.map((label) => (
            <option key={label.id} value={label.id}>
              {label.name}
            </option>
          ))}
          {!listed(view.labelId, labels) ? <option value={view.labelId}>A label</option> : null}
        </FilterSelect>
        {isFiltered(view) ? (
          <button
            type="button"
            onClick={() => onChange(withoutFilters(view))}
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

function FilterSelect({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: React.ReactNode;
}) {
  return (
    <div className="flex items-center gap-1">
      <label htmlFor={id} className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
        {label}
      </label>
      <Select id={id} value={value} onChange={(event) => onChange(event.target.value)} className={cn("w-40", value && "border-zinc-900 dark:border-zinc-100")}>
        {children}
      </Select>
    </div>
  );
}

function Pill({
  pressed,
  onClick,
  disabled,
  title,
  children,
}: {
  pressed: boolean;
  onClick: () => void;
  disabled?: boolean;
  title?: string;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      disabled={disabled}
      title={title}
      className={cn(
        "rounded-full border px-2.5 py-0.5 text-xs font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50",
        focusRing,
        pressed
          ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
          : "border-zinc-300 text-zinc-600 hover:border-zinc-400 hover:text-zinc-900 dark:border-zinc-700 dark:text-zinc-400 dark:hover:border-zinc-500 dark:hover:text-zinc-100",
      )}
    >
      {children}
    </button>
  );
}
