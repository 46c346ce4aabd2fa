"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { LogoIcon } from "@/components/ui/icons";
import { BoardMenu } from "./board-menu";
import { SearchButton } from "./search-button";

const MenuIcon = () => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" aria-hidden className="size-5">
    <path d="M4 6h16M4 12h16M4 18h16" />
  </svg>
);

const CloseIcon = () => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" aria-hidden className="size-5">
    <path d="M6 6l12 12M18 6 6 18" />
  </svg>
);

const iconButton =
  "rounded-md p-2 text-zinc-600 transition-colors hover:bg-zinc-200/60 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

/**
 * Below 768px the sidebar folds into this top bar: the logo, search, and a menu button opening a drawer with the whole
 * sidebar. The drawer is a modal <dialog>, so the browser traps focus in it and Escape closes it; navigating closes it too.
 */
export function MobileNav() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const pathname = usePathname();
  const [openedAt, setOpenedAt] = useState(pathname);

  // A navigation (a link in the drawer, Back, the palette) closes the drawer.
  if (open && pathname !== openedAt) setOpen(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  // Growing past the breakpoint leaves the sidebar on screen: the drawer has nothing left to do.
  useEffect(() => {
    if (!open) return;
    const desktop = window.matchMedia("(min-width: 768px)");
    const onChange = () => desktop.matches && setOpen(false);
    desktop.addEventListener("change", onChange);
    return () => desktop.removeEventListener("change", onChange);
  }, [open]);

  return (
    <header className="sticky top-0 z-30 flex items-center gap-1 border-b border-zinc-200 bg-zinc-50/95 px-2 py-1.5 backdrop-blur md:hidden dark:border-zinc-800 dark:bg-zinc-950/90">
      <button
        type="button"
        aria-label="Open menu"
        aria-expanded={open}
        aria-controls="mobile-menu"
        onClick={() => {
          setOpenedAt(pathname);
          setOpen(true);
        }}
        className={iconButton}
      >
        <MenuIcon />
      </button>
      <Link
        href="/agents"
        className="flex items-center gap-2 rounded-md px-1 text-sm font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      >
        <LogoIcon className="size-5 text-zinc-900 dark:text-zinc-100" />
        Switchboard
      </Link>
      <div className="ml-auto">
        <SearchButton compact />
      </div>
      <dialog
        ref={dialog}
        id="mobile-menu"
        aria-label="Menu"
        onCancel={(event) => {
          event.preventDefault();
          setOpen(false);
        }}
        onClick={(event) => {
          // A tap on the backdrop (the dialog element itself, outside its panel) closes; so does following a link.
          if (event.target === dialog.current || (event.target as Element).closest("a[href]")) setOpen(false);
        }}
        className="m-0 h-dvh max-h-none w-72 max-w-[85vw] border-r border-zinc-200 bg-zinc-50 p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-100 dark:backdrop:bg-black/60"
      >
        {open ? (
          <div className="flex h-full flex-col">
            <div className="flex items-center justify-between gap-2 px-4 pt-3 pb-3">
              <span className="flex items-center gap-2 text-sm font-semibold tracking-tight">
                <LogoIcon className="size-5" />
                Switchboard
              </span>
              <button type="button" aria-label="Close menu" onClick={() => setOpen(false)} className={iconButton}>
                <CloseIcon />
              </button>
            </div>
            <BoardMenu onSearch={() => setOpen(false)} />
          </div>
        ) : null}
      </dialog>
    </header>
  );
}
