"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useState, useTransition } from "react";
import { StatusBadge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { useDebouncedValue, useStoredString } from "@/components/ui/hooks";
import { SearchIcon } from "@/components/ui/icons";
import { apiFetch } from "@/lib/queries/client";
import { issueKeys } from "@/lib/queries/keys";
import { useSavedViews } from "@/lib/queries/saved-views";
import type { Issue } from "@/lib/queries/types";
import { useWorkspacesEnabled } from "@/lib/queries/workspaces";
import { useBoard } from "./board-context";
import { setCompanyCookie } from "./company-cookie";

// Every board page in the navigation, with words people may type for them.
const PAGES: readonly { href: string; label: string; keywords?: string }[] = [
  { href: "/needs-me", label: "Needs me", keywords: "decisions waiting" },
  { href: "/inbox", label: "Inbox", keywords: "unread mentions mine" },
  { href: "/issues", label: "Issues", keywords: "tasks list" },
  { href: "/approvals", label: "Approvals", keywords: "hire review" },
  { href: "/agents", label: "Agents", keywords: "bots" },
  { href: "/org", label: "Org chart", keywords: "organisation organization reports" },
  { href: "/costs", label: "Costs", keywords: "spend budget money" },
  { href: "/projects", label: "Projects" },
  { href: "/routines", label: "Routines", keywords: "schedule cron recurring webhook" },
  { href: "/workspaces", label: "Workspaces", keywords: "services" },
  { href: "/goals", label: "Goals" },
  { href: "/companies", label: "Companies" },
  { href: "/settings", label: "Settings", keywords: "members preferences" },
  { href: "/settings?tab=labels", label: "Settings › Labels", keywords: "tags" },
  { href: "/settings?tab=transfer", label: "Settings › Export & import", keywords: "backup move bundle paperclip" },
];

const IDENTIFIER = /^[a-z][a-z0-9]{0,9}-\d{1,9}$/i;
const SEARCH_LIMIT = 8;

type Item = { id: string; section: string; label: string; hint?: React.ReactNode; run: () => void };

const matches = (text: string, query: string) => text.toLowerCase().includes(query.toLowerCase());

function applyTheme(theme: "light" | "dark" | "system") {
  const dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

/** Issues matching what is typed, a few at a time, fetched once typing pauses; cached beside the company's other issue lists. */
function usePaletteSearch(companyId: string | null, text: string) {
  const query = useDebouncedValue(text.trim(), 150);
  return useQuery({
    queryKey: [...issueKeys.companyLists(companyId ?? ""), "palette", query] as const,
    queryFn: ({ signal }) =>
      apiFetch<Issue[]>(`/api/companies/${encodeURIComponent(companyId!)}/issues?q=${encodeURIComponent(query)}&limit=${SEARCH_LIMIT}`, { signal }),
    enabled: Boolean(companyId) && query.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/** The palette's search box and lists: its own chunk, loaded the first time the palette opens. */
export default function PaletteBody({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const { companies, companyId, experimental } = useBoard();
  const workspacesEnabled = useWorkspacesEnabled(experimental);
  const [text, setText] = useState("");
  const [activeIndex, setActiveIndex] = useState(0);
  const [, startTransition] = useTransition();
  const [savedTheme, saveTheme] = useStoredString("theme");
  const search = usePaletteSearch(companyId, text);
  const views = useSavedViews(companyId ?? "");
  const listId = useId();
  const query = text.trim();

  const go = useCallback(
    (href: string) => {
      onClose();
      router.push(href);
    },
    [onClose, router],
  );

  const sections = useMemo(() => {
    const result: { title: string; items: Item[]; status?: React.ReactNode }[] = [];
    const pages = PAGES.filter((page) => page.href !== "/workspaces" || workspacesEnabled)
      .filter((page) => !query || matches(`${page.label} ${page.keywords ?? ""}`, query))
      .map<Item>((page) => ({ id: `page:${page.href}`, section: "Go to", label: page.label, run: () => go(page.href) }));

    const issueItems: Item[] = [];
    if (companyId && IDENTIFIER.test(query)) {
      const identifier = query.toUpperCase();
      issueItems.push({ id: `jump:${identifier}`, section: "Issues", label: `Open ${identifier}`, run: () => go(`/issues/${encodeURIComponent(identifier)}`) });
    }
    const found = query && search.data ? search.data : [];
    for (const issue of found) {
      if (issueItems.some((item) => item.id === `jump:${issue.identifier}`)) continue;
      issueItems.push({
        id: `issue:${issue.id}`,
        section: "Issues",
        label: issue.title,
        hint: (
          <>
            <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{issue.identifier}</span>
            <StatusBadge status={issue.status} />
          </>
        ),
        run: () => go(`/issues/${encodeURIComponent(issue.identifier)}`),
      });
    }

    const savedViews = (views.data ?? [])
      .filter((view) => !query || matches(view.name, query))
      .map<Item>((view) => ({
        id: `view:${view.id}`,
        section: "Saved views",
        label: view.name,
        run: () => go(`/issues${view.query ? `?${view.query}` : ""}`),
      }));

    const theme = savedTheme === "light" || savedTheme === "dark" ? savedTheme : "system";
    const actions: Item[] = [];
    if (companyId) actions.push({ id: "action:new-issue", section: "Actions", label: "New issue", run: () => go("/issues?new=1") });
    for (const company of companies) {
      if (company.id === companyId) continue;
      actions.push({
        id: `company:${company.id}`,
        section: "Actions",
        label: `Switch to ${company.name}`,
        run: () => {
          onClose();
          setCompanyCookie(company.id);
          startTransition(() => router.refresh());
        },
      });
    }
    for (const next of ["light", "dark", "system"] as const) {
      if (next === theme) continue;
      actions.push({
        id: `theme:${next}`,
        section: "Actions",
        label: next === "system" ? "Use the system theme" : `Switch to ${next} theme`,
        run: () => {
          saveTheme(next);
          applyTheme(next);
          onClose();
        },
      });
    }
    const matchingActions = actions.filter(
      (action) => !query || matches(`${action.label} ${action.id.startsWith("theme") ? "theme dark light mode" : ""}`, query),
    );

    if (pages.length) result.push({ title: "Go to", items: pages });
    if (companyId && query) {
      const status = search.isError
        ? "Couldn't search issues. Keep typing to try again."
        : search.isFetching && !issueItems.length
          ? "Searching…"
          : !search.isFetching && search.data && !issueItems.length
            ? "No matching issues"
            : undefined;
      result.push({ title: "Issues", items: issueItems, status });
    }
    if (savedViews.length) result.push({ title: "Saved views", items: savedViews });
    if (matchingActions.length) result.push({ title: "Actions", items: matchingActions });
    return result;
  }, [query, workspacesEnabled, companyId, search.data, search.isError, search.isFetching, views.data, savedTheme, companies, go, onClose, router, saveTheme]);

  const items = useMemo(() => sections.flatMap((section) => section.items), [sections]);
  const active = items.length ? Math.min(activeIndex, items.length - 1) : -1;
  const optionId = (index: number) => `${listId}-option-${index}`;

  useEffect(() => {
    if (active < 0) return;
    document.getElementById(optionId(active))?.scrollIntoView({ block: "nearest" });
  });

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (!items.length) return;
    const move = (index: number) => {
      event.preventDefault();
      setActiveIndex((index + items.length) % items.length);
    };
    if (event.key === "ArrowDown") move(active + 1);
    else if (event.key === "ArrowUp") move(active - 1);
    else if (event.key === "Home" && event.ctrlKey) move(0);
    else if (event.key === "End" && event.ctrlKey) move(items.length - 1);
    else if (event.key === "PageDown") move(Math.min(active + 5, items.length - 1));
    else if (event.key === "PageUp") move(Math.max(active - 5, 0));
    else if (event.key === "Enter" && !event.nativeEvent.isComposing && active >= 0) {
      event.preventDefault();
      items[active].run();
    }
  }

  let index = -1;
  return (
    <div className="flex max-h-[min(32rem,80vh)] flex-col">
      <div className="flex items-center gap-2 border-b border-zinc-200 px-3 dark:border-zinc-800">
        <SearchIcon className="size-4 shrink-0 text-zinc-400" />
        <input
          role="combobox"
          aria-expanded
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? optionId(active) : undefined}
          aria-label="Search pages, issues and actions"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setActiveIndex(0);
          }}
          onKeyDown={onKeyDown}
          placeholder="Search or jump to… (try ENG-12)"
          className="h-12 min-w-0 flex-1 bg-transparent text-base text-zinc-900 placeholder:text-zinc-400 focus:outline-none sm:text-sm dark:text-zinc-100 dark:placeholder:text-zinc-500"
        />
        <kbd className="hidden rounded border border-zinc-200 px-1.5 font-sans text-[11px] text-zinc-400 sm:block dark:border-zinc-700 dark:text-zinc-500">
          Esc
        </kbd>
      </div>
      <div id={listId} role="listbox" aria-label="Results" className="min-h-0 flex-1 overflow-y-auto overscroll-contain p-1.5">
        {sections.map((section) => (
          <div key={section.title} role="group" aria-labelledby={`${listId}-${section.title}`} className="py-1">
            <div id={`${listId}-${section.title}`} role="presentation" className="px-2 pt-1 pb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">
              {section.title}
            </div>
            {section.items.map((item) => {
              index += 1;
              const position = index;
              const selected = position === active;
              return (
                <div
                  key={item.id}
                  id={optionId(position)}
                  role="option"
                  aria-selected={selected}
                  data-command={item.id}
                  onMouseMove={() => !selected && setActiveIndex(position)}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => item.run()}
                  className={cn(
                    "flex min-h-10 cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm sm:min-h-8",
                    selected ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50" : "text-zinc-700 dark:text-zinc-300",
                  )}
                >
                  <span className="min-w-0 flex-1 truncate">{item.label}</span>
                  {item.hint ? <span className="flex shrink-0 items-center gap-2">{item.hint}</span> : null}
                </div>
              );
            })}
            {section.status ? (
              <div aria-hidden className="px-2 py-1.5 text-sm text-zinc-500 dark:text-zinc-400">
                {section.status}
              </div>
            ) : null}
          </div>
        ))}
        {!sections.length ? (
          <div aria-hidden className="px-2 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
            Nothing matches “{query}”.
          </div>
        ) : null}
      </div>
      {/* Outside the listbox, which may hold only options: what screen readers hear about the search. */}
      <div role="status" className="sr-only">
        {!sections.length ? `Nothing matches ${query}` : (sections.find((section) => section.status)?.status ?? `${items.length} results`)}
      </div>
      <div className="hidden items-center gap-3 border-t border-zinc-200 px-3 py-1.5 text-[11px] text-zinc-400 sm:flex dark:border-zinc-800 dark:text-zinc-500">
        <span>↑↓ to move</span>
        <span>↵ to open</span>
        <span>Esc to close</span>
      </div>
    </div>
  );
}
