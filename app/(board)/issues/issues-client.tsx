"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useBoard, useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { CompanyPage } from "@/components/board/no-company";
import { IssueFilterBar } from "@/components/issues/issue-filters";
import { BulkBar } from "@/components/issues/list-bulk-bar";
import { SavedViewsMenu } from "@/components/issues/list-saved-views";
import { type IssueGroup, IssueListTable, groupIssues } from "@/components/issues/list-table";
import { type IssueListView, isFiltered, listViewFilters, listViewSearch, parseListView, withoutFilters } from "@/components/issues/list-view";
import { NewIssueDialog } from "@/components/issues/new-issue-dialog";
import { type People, usePeople } from "@/components/issues/people";
import { humanize } from "@/components/ui/badge";
import { Button, CreateButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useShortcuts, useStoredString } from "@/components/ui/hooks";
import { IssueIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, QueryList } from "@/components/ui/states";
import { useCompanyEvents } from "@/lib/queries/events";
import { useIssuePages } from "@/lib/queries/issues";
import { type Label, useLabels } from "@/lib/queries/labels";
import { useProjects } from "@/lib/queries/projects";
import type { Issue, Project } from "@/lib/queries/types";

/** How long the search box waits for typing to pause before the URL (and so the list) follows. */
const SEARCH_DEBOUNCE_MS = 250;
/** Groups collapsed by the user, as "grouping:key" strings, remembered across visits. */
const COLLAPSED_GROUPS_KEY = "switchboard:issues:collapsed-groups";

export function IssuesClient({ companyId }: { companyId: string | null }) {
  return (
    <CompanyPage title="Issues" companyId={companyId}>
      {(id) => <IssueList companyId={id} />}
    </CompanyPage>
  );
}

/**
 * The view lives in the URL: changing it replaces the history entry (shareable, and what Back returns to) without a
 * server round trip; Next's router follows `history.replaceState`, so `useSearchParams` re-renders the list.
 */
function useUrlView() {
  const searchParams = useSearchParams();
  const view = useMemo(() => parseListView(searchParams), [searchParams]);
  const setView = useCallback((next: IssueListView) => {
    const search = listViewSearch(next);
    window.history.replaceState(null, "", search ? `/issues?${search}` : "/issues");
  }, []);
  return { view, setView, searchParams };
}

function IssueList({ companyId }: { companyId: string }) {
  const router = useRouter();
  const { user } = useBoard();
  const companyName = useCompanyName(companyId);
  const { canAct } = useCompanyPermissions(companyId);
  const people = usePeople(companyId);
  const projects = useProjects(companyId);
  const labels = useLabels(companyId);
  const { view, setView, searchParams } = useUrlView();
  useCompanyEvents(companyId);

  const search = useSearchBox(view, setView);
  const searchRef = useRef<HTMLInputElement>(null);
  const filters = useMemo(() => listViewFilters(view), [view]);
  const issues = useIssuePages(companyId, filters);
  const rows = useMemo(() => issues.data ?? [], [issues.data]);
  const projectList = useMemo(() => projects.data ?? [], [projects.data]);
  const labelList: Label[] = labels.data ?? [];
  const groups = useMemo(() => groupIssues(rows, view.group, { people, projects: projectList }), [rows, view.group, people, projectList]);

  const [storedCollapsed, storeCollapsed] = useStoredString(COLLAPSED_GROUPS_KEY);
  const collapsedKeys = useMemo(() => new Set<string>(parseStringArray(storedCollapsed)), [storedCollapsed]);
  const collapsed = useMemo(
    () => new Set([...collapsedKeys].filter((key) => key.startsWith(`${view.group}:`)).map((key) => key.slice(view.group.length + 1))),
    [collapsedKeys, view.group],
  );
  const toggleGroup = (key: string) => {
    const stored = `${view.group}:${key}`;
    const next = new Set(collapsedKeys);
    if (next.has(stored)) next.delete(stored);
    else next.add(stored);
    storeCollapsed(JSON.stringify([...next]));
  };
  // What j/k walk and a shift-click range spans: the rows on screen, in screen order.
  const visibleRows = useMemo(
    () => groups.flatMap((group) => (view.group !== "none" && collapsed.has(group.key) ? [] : group.issues)),
    [groups, collapsed, view.group],
  );

  const { selected, selectedIssues, select, selectGroup, toggle, clear, settle } = useSelection(rows, visibleRows);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focused = visibleRows.find((issue) => issue.id === focusedId) ?? null;

  const [creatingByButton, setCreatingByButton] = useState(false);
  const creatingByUrl = searchParams.get("new") === "1";
  const creating = canAct && (creatingByButton || creatingByUrl);
  const closeCreate = () => {
    setCreatingByButton(false);
    if (creatingByUrl) setView(view);
  };

  const open = (issue: Issue | null | undefined) => issue && router.push(`/issues/${encodeURIComponent(issue.identifier)}`);
  const move = (by: number) => {
    if (!visibleRows.length) return;
    const index = focused ? visibleRows.indexOf(focused) : -1;
    const next = index === -1 ? (by > 0 ? 0 : visibleRows.length - 1) : Math.max(0, Math.min(visibleRows.length - 1, index + by));
    setFocusedId(visibleRows[next].id);
  };
  useShortcuts({
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    Enter: () => open(focused),
    x: () => focused && toggle(focused),
    // Only with a selection to clear, so Escape keeps its meaning for menus and drawers otherwise.
    ...(selected.size ? { Escape: clear } : {}),
    c: () => canAct && setCreatingByButton(true),
    "/": () => searchRef.current?.focus(),
  });

  const applySavedView = (query: string) => {
    search.reset();
    router.push(query ? `/issues?${query}` : "/issues");
  };

  const createButton = canAct ? <CreateButton onClick={() => setCreatingByButton(true)}>New issue</CreateButton> : null;
  const filtered = isFiltered(view);
  return (
    <>
      <PageHeader title="Issues" description={companyName ? `Work for ${companyName}'s agents and board.` : undefined} actions={createButton} />
      <IssueFilterBar
        view={view}
        search={search.text}
        onSearch={search.change}
        onChange={(next) => {
          search.reset();
          setView(next);
        }}
        agents={people.agents}
        members={people.members}
        projects={projectList}
        labels={labelList}
        searchRef={searchRef}
        views={<SavedViewsMenu companyId={companyId} currentSearch={listViewSearch(view)} onApply={applySavedView} />}
      />
      <QueryList
        query={issues}
        what="issues"
        rows={6}
        empty={
          filtered ? (
            <EmptyState
              icon={<IssueIcon className="size-6" />}
              title="No issues match"
              description={`Nothing matches ${describeFilters(view, people, projectList, labelList)}${view.closed || view.status.length ? "" : " among open issues"}.`}
              action={<Button onClick={() => setView(withoutFilters(view))}>Clear filters</Button>}
            />
          ) : !view.closed ? (
            <EmptyState
              icon={<IssueIcon className="size-6" />}
              title="No open issues"
              description="Done and cancelled issues are hidden."
              action={
                <div className="flex gap-2">
                  <Button onClick={() => setView({ ...view, closed: true })}>Show closed</Button>
                  {createButton}
                </div>
              }
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
        {() => (
          <div className={cn("transition-opacity", issues.isPlaceholderData && "opacity-60")} aria-busy={issues.isPlaceholderData || undefined}>
            <IssueListTable
              groups={groups}
              grouping={view.group}
              moreToLoad={issues.hasNextPage}
              collapsed={collapsed}
              onToggleGroup={toggleGroup}
              focusedId={focused?.id ?? null}
              onFocus={setFocusedId}
              selected={selected}
              onSelect={select}
              onSelectGroup={selectGroup}
              people={people}
              projects={projectList}
              labels={labelList}
            />
            <LoadMore
              hasMore={issues.hasNextPage}
              loading={issues.isFetchingNextPage}
              failed={issues.isFetchNextPageError}
              loaded={rows.length}
              onLoad={() => void issues.fetchNextPage()}
            />
            <p className="mt-3 text-xs text-zinc-500 max-md:hidden dark:text-zinc-400">
              <Kbd>j</Kbd>/<Kbd>k</Kbd> move · <Kbd>x</Kbd> select · <Kbd>Shift</Kbd>+click range · <Kbd>Enter</Kbd> open · <Kbd>Esc</Kbd> clear selection ·{" "}
              <Kbd>c</Kbd> new issue · <Kbd>/</Kbd> search
            </p>
            {/* Room for the bulk bar, so it never covers the last rows. */}
            {selected.size ? <div aria-hidden className="h-24" /> : null}
          </div>
        )}
      </QueryList>
      {canAct ? <BulkBar selection={selectedIssues} onSettled={settle} onClear={clear} people={people} labels={labelList} currentUserId={user.id} /> : null}
      {canAct ? <NewIssueDialog open={creating} onClose={closeCreate} companyId={companyId} agents={people.agents} onCreated={(issue) => open(issue)} /> : null}
    </>
  );
}

/**
 * The search box: its text shows at once, and reaches the URL once typing pauses. While typed text waits (or the URL
 * has not caught up with it yet) the box shows the typed text; otherwise the URL's.
 */
function useSearchBox(view: IssueListView, setView: (view: IssueListView) => void) {
  const [draft, setDraft] = useState<string | null>(null);
  const [seenQ, setSeenQ] = useState(view.q);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latestView = useRef(view);
  useEffect(() => {
    latestView.current = view;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  // The URL caught up with what was typed: the URL speaks again (so Back, a saved view or "Clear filters" show).
  if (seenQ !== view.q) {
    setSeenQ(view.q);
    if (draft === view.q) setDraft(null);
  }
  return {
    text: draft ?? view.q,
    change: (text: string) => {
      setDraft(text);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        if (text.trim() !== latestView.current.q.trim()) setView({ ...latestView.current, q: text.trim() });
      }, SEARCH_DEBOUNCE_MS);
    },
    /** Another change of view takes over: typed text not yet in the URL is dropped. */
    reset: () => {
      clearTimeout(timer.current);
      setDraft(null);
    },
  };
}

/** Checked rows (by id), with shift ranges over `visibleRows` from the last row picked. */
function useSelection(rows: Issue[], visibleRows: Issue[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [anchorId, setAnchorId] = useState<string | null>(null);
  const selectedIssues = useMemo(() => rows.filter((issue) => selected.has(issue.id)), [rows, selected]);
  const update = (change: (next: Set<string>) => void) =>
    setSelected((current) => {
      const next = new Set(current);
      change(next);
      return next;
    });
  const toggle = (issue: Issue) => {
    update((next) => (next.has(issue.id) ? next.delete(issue.id) : next.add(issue.id)));
    setAnchorId(issue.id);
  };
  return {
    selected,
    selectedIssues,
    toggle,
    select: (issue: Issue, range: boolean) => {
      const from = anchorId ? visibleRows.findIndex((row) => row.id === anchorId) : -1;
      const to = visibleRows.findIndex((row) => row.id === issue.id);
      if (!range || from === -1 || to === -1) return toggle(issue);
      // A range takes the state of the row it starts from, as in a file manager.
      const on = selected.has(anchorId as string);
      const span = visibleRows.slice(Math.min(from, to), Math.max(from, to) + 1);
      update((next) => span.forEach((row) => (on ? next.add(row.id) : next.delete(row.id))));
    },
    selectGroup: (group: IssueGroup, on: boolean) => update((next) => group.issues.forEach((issue) => (on ? next.add(issue.id) : next.delete(issue.id)))),
    clear: () => {
      setSelected(new Set());
      setAnchorId(null);
    },
    /** After a bulk edit: the whole selection stays for the next change, unless some failed — then just those, to retry. */
    settle: (failedIds: string[]) => {
      if (failedIds.length) setSelected(new Set(failedIds));
    },
  };
}

/** Loads the next page when the end of the list scrolls near, and offers a button for the same. */
function LoadMore({ hasMore, loading, failed, loaded, onLoad }: { hasMore: boolean; loading: boolean; failed: boolean; loaded: number; onLoad: () => void }) {
  const sentinel = useRef<HTMLDivElement>(null);
  const latest = useRef({ hasMore, loading, failed, onLoad });
  useEffect(() => {
    latest.current = { hasMore, loading, failed, onLoad };
  });
  useEffect(() => {
    const element = sentinel.current;
    if (!element || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        const state = latest.current;
        // After a failure only the button retries, so a broken page is not fetched in a loop.
        if (entries.some((entry) => entry.isIntersecting) && state.hasMore && !state.loading && !state.failed) state.onLoad();
      },
      { rootMargin: "400px 0px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
    // A fresh observer per page loaded reports at once whether the end is still in sight, so short pages keep loading.
  }, [hasMore, loaded]);
  if (!hasMore)
    return loaded > 0 ? <p className="mt-2 text-center text-xs text-zinc-400 dark:text-zinc-500">{loaded === 1 ? "1 issue" : `All ${loaded} issues`}</p> : null;
  return (
    <div ref={sentinel} className="mt-3 flex items-center justify-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
      <span>{loaded} loaded</span>
      <Button size="sm" onClick={onLoad} pending={loading}>
        {failed ? "Retry loading more" : "Load more"}
      </Button>
    </div>
  );
}

/** The view's filters in words, for the empty state: "status Todo, priority High and search “login”". */
function describeFilters(view: IssueListView, people: People, projects: Project[], labels: Label[]): string {
  const parts: string[] = [];
  if (view.status.length) parts.push(`status ${view.status.map(humanize).join(" or ")}`);
  if (view.priority.length) parts.push(`priority ${view.priority.map(humanize).join(" or ")}`);
  if (view.assigneeAgentId) parts.push(`assignee ${people.agentName(view.assigneeAgentId)}`);
  if (view.assigneeUserId) parts.push(`assignee ${view.assigneeUserId === "me" ? "me" : people.userName(view.assigneeUserId)}`);
  if (view.projectId)
    parts.push(view.projectId === "none" ? "no project" : `project ${projects.find((project) => project.id === view.projectId)?.name ?? "(unknown)"}`);
  if (view.labelId) parts.push(`label ${labels.find((label) => label.id === view.labelId)?.name ?? "(unknown)"}`);
  if (view.blocked) parts.push("has blockers");
  if (view.q.trim()) parts.push(`search “${view.q.trim()}”`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts.join("");
}

function parseStringArray(value: string | null): string[] {
  try {
    const parsed: unknown = JSON.parse(value ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}

function Kbd({ children }: { children: React.ReactNode }) {
  return (
    <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1 font-mono text-[10px] text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400">
      {children}
    </kbd>
  );
}
