"use client";

import { signOut } from "@/lib/queries/auth";
import { useState } from "react";
import { LogOutIcon } from "@/components/ui/icons";
import { useBoard } from "./board-context";

export function UserMenu() {
  const { user, isInstanceAdmin } = useBoard();
  const [signingOut, setSigningOut] = useState(false);
  const initials = user.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join("");

  return (
    <div className="flex items-center gap-2">
      <span
        aria-hidden
        className="flex size-7 shrink-0 items-center justify-center rounded-full bg-zinc-200 text-xs font-semibold text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
      >
        {initials || "?"}
      </span>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100" title={user.name}>
          {user.name}
          {isInstanceAdmin ? <span className="ml-1.5 text-[10px] font-medium tracking-wide text-zinc-400 uppercase dark:text-zinc-500">admin</span> : null}
        </p>
        <p className="truncate text-xs text-zinc-500 dark:text-zinc-400" title={user.email}>
          {user.email}
        </p>
      </div>
      <button
        type="button"
        aria-label="Sign out"
        title="Sign out"
        disabled={signingOut}
        onClick={() => {
          setSigningOut(true);
          void signOut({ callbackUrl: "/login" });
        }}
        className="rounded-md p-1.5 text-zinc-500 transition-colors hover:bg-zinc-200/60 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 disabled:opacity-50 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <LogOutIcon />
      </button>
    </div>
  );
}
