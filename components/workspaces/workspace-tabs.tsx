"use client";

import { useRef, useState } from "react";
import { useStoredString } from "@/components/ui/hooks";
import { tabClass } from "@/components/ui/tabs";

export type TabSpec<T extends string> = { id: T; label: string };

const storageKey = (workspaceId: string) => `switchboard:workspace-tab:${workspaceId}`;

/**
 * The chosen tab of one workspace's page: `?tab=` when the URL names one, else the tab last used on this workspace
 * (localStorage), else the first. Choosing a tab writes both, without a server round trip.
 */
export function useWorkspaceTab<T extends string>(workspaceId: string, tabs: readonly TabSpec<T>[], fromUrl: string | undefined): [T, (tab: T) => void] {
  const valid = (value: string | null | undefined): value is T => tabs.some((tab) => tab.id === value);
  const [chosen, setChosen] = useState<T | null>(valid(fromUrl) ? fromUrl : null);
  const [remembered, remember] = useStoredString(storageKey(workspaceId));
  const tab = chosen ?? (valid(remembered) ? remembered : tabs[0].id);

  function choose(next: T) {
    setChosen(next);
    remember(next);
    const url = new URL(window.location.href);
    url.searchParams.set("tab", next);
    window.history.replaceState(window.history.state, "", url);
  }
  return [tab, choose];
}

/** ARIA tabs: one tab stop, arrow keys (and Home/End) move between tabs and select them. */
export function Tabs<T extends string>({
  label,
  tabs,
  current,
  onChange,
  idPrefix,
}: {
  label: string;
  tabs: readonly TabSpec<T>[];
  current: T;
  onChange: (tab: T) => void;
  idPrefix: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (index: number) => {
    const next = (index + tabs.length) % tabs.length;
    onChange(tabs[next].id);
    refs.current[next]?.focus();
  };
  return (
    <div className="mb-6 border-b border-zinc-200 dark:border-zinc-800">
      <div role="tablist" aria-label={label} className="-mb-px flex flex-wrap gap-x-4">
        {tabs.map((tab, index) => {
          const active = tab.id === current;
          return (
            <button
              key={tab.id}
              ref={(element) => {
                refs.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`${idPrefix}-tab-${tab.id}`}
              aria-selected={active}
              aria-controls={`${idPrefix}-panel-${tab.id}`}
              tabIndex={active ? 0 : -1}
              onClick={() => onChange(tab.id)}
              onKeyDown={(event) => {
                const keys: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
                if (!(event.key in keys)) return;
                event.preventDefault();
                move(keys[event.key]);
              }}
              className={tabClass(active)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
    </div>
  );
}

export function TabPanel({ idPrefix, id, children }: { idPrefix: string; id: string; children: React.ReactNode }) {
  return (
    <div role="tabpanel" id={`${idPrefix}-panel-${id}`} aria-labelledby={`${idPrefix}-tab-${id}`} tabIndex={0} className="focus-visible:outline-none">
      {children}
    </div>
  );
}
