"use client";

import { Suspense, lazy, useCallback, useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";

// The search box and its lists load the first time the palette opens, so no page carries them in its first load.
const loadBody = () => import("./command-palette-body");
const PaletteBody = lazy(loadBody);

const OPEN_EVENT = "switchboard:command-palette";

/** Opens the command palette from anywhere (a search button, a menu); the palette itself listens for ⌘K / Ctrl+K. */
export function openCommandPalette() {
  window.dispatchEvent(new Event(OPEN_EVENT));
}

/**
 * ⌘K / Ctrl+K: one box to go to any page, open an issue by identifier or by searching, and run actions (new issue,
 * switch company, theme). A modal <dialog> holding a combobox over a listbox: arrows move, Enter runs, Escape closes
 * and focus goes back where it was.
 */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  const show = useCallback(() => {
    if (dialog.current?.open) return;
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
  }, []);
  const close = useCallback(() => setOpen(false), []);

  // Fetched once the page is up, so the first ⌘K opens at once with its box focused.
  useEffect(() => void loadBody().catch(() => undefined), []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== "k" || !(event.metaKey || event.ctrlKey) || event.altKey || event.shiftKey) return;
      event.preventDefault();
      if (dialog.current?.open) setOpen(false);
      else show();
    };
    window.addEventListener("keydown", onKeyDown);
    window.addEventListener(OPEN_EVENT, show);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      window.removeEventListener(OPEN_EVENT, show);
    };
  }, [show]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) {
      element.close();
      const target = returnFocus.current;
      returnFocus.current = null;
      // Back to what had focus, unless a navigation took it away (then the new page decides).
      if (target?.isConnected) target.focus();
    }
  }, [open]);

  return (
    <dialog
      ref={dialog}
      aria-label="Command palette"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onClick={(event) => {
        if (event.target === dialog.current) close();
      }}
      className={cn(
        "mx-auto mt-[12vh] mb-auto w-[calc(100%-1rem)] max-w-xl overflow-hidden rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40",
        "dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100 dark:backdrop:bg-black/60",
      )}
    >
      {open ? (
        <Suspense fallback={<p className="px-4 py-3 text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>}>
          <PaletteBody onClose={close} />
        </Suspense>
      ) : null}
    </dialog>
  );
}
