"use client";

import { useId } from "react";
import { useBoard } from "@/components/board/board-context";
import { cn } from "@/components/ui/cn";
import { Section } from "@/components/ui/page-header";
import { ErrorState, LoadingList } from "@/components/ui/states";
import { errorMessage } from "@/lib/queries/client";
import { useExperimentalSettings, useUpdateExperimentalSettings } from "@/lib/queries/workspaces";

/** Instance-wide switches for features still being tried out; instance admins flip them, everyone else sees them. */
export function ExperimentalTab() {
  const { isInstanceAdmin, experimental } = useBoard();
  const settings = useExperimentalSettings(experimental);
  const update = useUpdateExperimentalSettings();
  const id = useId();
  return (
    <Section
      title="Experimental"
      description={
        isInstanceAdmin
          ? "Instance-wide switches for features that are still being tried out. They apply to every company on this instance."
          : "Instance-wide switches for features that are still being tried out. Only instance admins can change them."
      }
    >
      {settings.isPending ? (
        <LoadingList rows={1} label="Loading experimental settings…" />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} title="Couldn't load experimental settings" />
      ) : (
        <div className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <div className="flex items-start justify-between gap-6">
            <div className="min-w-0">
              <p id={`${id}-label`} className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
                Enable Isolated Workspaces
              </p>
              <p id={`${id}-description`} className="mt-1 max-w-xl text-sm text-zinc-500 dark:text-zinc-400">
                Shows all the workspace UI: the Workspaces screen in the sidebar, execution-workspace controls in project configuration, and the per-issue
                workspace mode picker. With it off, that UI stays out of your way and visiting /workspaces sends you back to your issues.
              </p>
            </div>
            <Switch
              labelledBy={`${id}-label`}
              describedBy={`${id}-description`}
              checked={settings.data.enableIsolatedWorkspaces}
              pending={update.isPending}
              disabled={!isInstanceAdmin}
              onChange={(checked) => update.mutate({ enableIsolatedWorkspaces: checked })}
            />
          </div>
          {update.error ? (
            <p role="alert" className="mt-3 text-sm text-red-600 dark:text-red-400">
              {errorMessage(update.error)}
            </p>
          ) : null}
          {!isInstanceAdmin ? <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">Read-only: ask an instance admin to change this.</p> : null}
        </div>
      )}
    </Section>
  );
}

function Switch({
  checked,
  onChange,
  disabled,
  pending,
  labelledBy,
  describedBy,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  pending?: boolean;
  labelledBy: string;
  describedBy: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      aria-busy={pending || undefined}
      disabled={disabled || pending}
      onClick={() => onChange(!checked)}
      className={cn(
        "relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-60",
        checked ? "bg-blue-600" : "bg-zinc-300 dark:bg-zinc-700",
      )}
    >
      <span
        aria-hidden
        className={cn("inline-block size-5 rounded-full bg-white shadow transition-transform", checked ? "translate-x-5.5" : "translate-x-0.5")}
      />
    </button>
  );
}
