"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useTransition } from "react";
import { cn } from "@/components/ui/cn";
import { useBoard } from "./board-context";
import { setCompanyCookie } from "./company-cookie";

const NEW_COMPANY = "__new__";

export function CompanySwitcher() {
  const { companies, companyId, isInstanceAdmin } = useBoard();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // The sidebar and the mobile drawer may both hold a switcher.
  const id = useId();

  if (companies.length === 0) {
    return (
      <div className="rounded-md border border-dashed border-zinc-300 px-2.5 py-2 text-xs text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
        No company yet.{" "}
        {isInstanceAdmin ? (
          <Link href="/companies" className="font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-100">
            Create one
          </Link>
        ) : (
          "Ask an admin to add you."
        )}
      </div>
    );
  }

  const current = companies.find((company) => company.id === companyId);
  return (
    <div className="relative">
      <label htmlFor={id} className="sr-only">
        Company
      </label>
      <span
        aria-hidden
        className="pointer-events-none absolute top-1/2 left-2 flex size-5 -translate-y-1/2 items-center justify-center rounded bg-zinc-900 text-[10px] font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900"
      >
        {(current?.name ?? "?").charAt(0).toUpperCase()}
      </span>
      <select
        id={id}
        value={companyId ?? ""}
        disabled={pending}
        onChange={(event) => {
          const value = event.target.value;
          if (value === NEW_COMPANY) {
            router.push("/companies");
            return;
          }
          setCompanyCookie(value);
          startTransition(() => router.refresh());
        }}
        className={cn(
          "h-9 w-full appearance-none truncate rounded-md border border-zinc-200 bg-white pr-7 pl-9 text-sm font-medium text-zinc-900 shadow-sm",
          "hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 disabled:opacity-60",
          "dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
        )}
      >
        {companies.map((company) => (
          <option key={company.id} value={company.id}>
            {company.name}
          </option>
        ))}
        {isInstanceAdmin ? <option value={NEW_COMPANY}>New company…</option> : null}
      </select>
      <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="pointer-events-none absolute top-1/2 right-2 size-4 -translate-y-1/2 text-zinc-400">
        <path d="M6 8l4-4 4 4H6zm0 4h8l-4 4-4-4z" />
      </svg>
    </div>
  );
}
