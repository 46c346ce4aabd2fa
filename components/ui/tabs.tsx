import Link from "next/link";
import { cn } from "./cn";

/** The look of one tab, underlined while it is the current one. */
export function tabClass(active: boolean) {
  return cn(
    "inline-block rounded-t-sm border-b-2 whitespace-nowrap px-0.5 pb-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600",
    active
      ? "border-zinc-900 text-zinc-900 dark:border-zinc-100 dark:text-zinc-100"
      : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800 dark:text-zinc-400 dark:hover:border-zinc-600 dark:hover:text-zinc-200",
  );
}

/** Tabs as links, so the chosen tab lives in the URL and survives reloads and sharing. */
export function LinkTabs({ tabs, current, label }: { tabs: { id: string; label: string; href: string }[]; current: string; label: string }) {
  return (
    // On a phone the row scrolls sideways rather than widening the page; the rule under it is a shadow, so the scroll
    // box does not clip the current tab's underline.
    <div className="mb-6 overflow-x-auto shadow-[inset_0_-1px_0_0_var(--color-zinc-200)] dark:shadow-[inset_0_-1px_0_0_var(--color-zinc-800)]">
      <ul role="tablist" aria-label={label} className="flex w-max gap-4 px-0.5 pt-1">
        {tabs.map((tab) => {
          const active = tab.id === current;
          return (
            <li key={tab.id} role="presentation">
              <Link
                href={tab.href}
                role="tab"
                id={`tab-${tab.id}`}
                aria-selected={active}
                aria-controls={active ? `tabpanel-${tab.id}` : undefined}
                replace
                scroll={false}
                className={tabClass(active)}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function TabPanel({ id, children }: { id: string; children: React.ReactNode }) {
  return (
    <div role="tabpanel" id={`tabpanel-${id}`} aria-labelledby={`tab-${id}`}>
      {children}
    </div>
  );
}
