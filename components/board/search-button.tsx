"use client";

import { cn } from "@/components/ui/cn";
import { SearchIcon } from "@/components/ui/icons";
import { openCommandPalette } from "./command-palette";

/** Opens the command palette (also ⌘K / Ctrl+K): the visible way in for those who don't know the shortcut. */
export function SearchButton({ compact = false, onOpen }: { compact?: boolean; onOpen?: () => void }) {
  return (
    <button
      type="button"
      onClick={() => {
        onOpen?.();
        openCommandPalette();
      }}
      aria-label={compact ? "Search" : undefined}
      aria-keyshortcuts="Meta+K Control+K"
      title="Search and commands (⌘K)"
      className={cn(
        "flex items-center gap-2 rounded-md text-sm text-zinc-500 transition-colors hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:text-zinc-400 dark:hover:text-zinc-100",
        compact
          ? "p-2 hover:bg-zinc-200/60 dark:hover:bg-zinc-800"
          : "h-9 w-full border border-zinc-200 bg-white px-2.5 shadow-sm hover:bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:bg-zinc-800",
      )}
    >
      <SearchIcon className="size-4 shrink-0" />
      {compact ? null : (
        <>
          <span className="flex-1 text-left">Search</span>
          <kbd className="rounded border border-zinc-200 px-1 font-sans text-[11px] text-zinc-400 dark:border-zinc-700 dark:text-zinc-500">⌘K</kbd>
        </>
      )}
    </button>
  );
}
