"use client";

import { useEffect } from "react";
import { cn } from "@/components/ui/cn";
import { useStoredString } from "@/components/ui/hooks";
import { MonitorIcon, MoonIcon, SunIcon } from "@/components/ui/icons";

type Theme = "light" | "dark" | "system";
const STORAGE_KEY = "theme";
const OPTIONS: { value: Theme; label: string; icon: typeof SunIcon }[] = [
  { value: "light", label: "Light", icon: SunIcon },
  { value: "dark", label: "Dark", icon: MoonIcon },
  { value: "system", label: "System", icon: MonitorIcon },
];

function applyTheme(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

/** Light / dark / system, saved in localStorage `theme`; the root layout's inline script applies it before paint. */
export function ThemeToggle() {
  const [saved, save] = useStoredString(STORAGE_KEY);
  const theme: Theme = saved === "light" || saved === "dark" ? saved : "system";

  useEffect(() => {
    if (theme !== "system") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => applyTheme("system");
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, [theme]);

  function choose(next: Theme) {
    save(next);
    applyTheme(next);
  }

  return (
    <div role="group" aria-label="Theme" className="flex rounded-md border border-zinc-200 bg-white p-0.5 dark:border-zinc-800 dark:bg-zinc-900">
      {OPTIONS.map(({ value, label, icon: Icon }) => (
        <button
          key={value}
          type="button"
          aria-pressed={theme === value}
          aria-label={`${label} theme`}
          title={`${label} theme`}
          onClick={() => choose(value)}
          className={cn(
            "flex flex-1 items-center justify-center rounded py-1 transition-colors focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600",
            theme === value
              ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100"
              : "text-zinc-400 hover:text-zinc-700 dark:text-zinc-500 dark:hover:text-zinc-300",
          )}
        >
          <Icon className="size-3.5" />
        </button>
      ))}
    </div>
  );
}
