"use client";

import { useEffect, useState } from "react";
import { humanize } from "@/components/ui/badge";
import { Button, Spinner, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/form";
import { errorMessage } from "@/lib/queries/client";
import { type BulkUpdate, useBulkUpdateIssues } from "@/lib/queries/issues";
import type { Label } from "@/lib/queries/labels";
import type { Issue, UpdateIssueBody } from "@/lib/queries/types";
import { ISSUE_PRIORITIES, ISSUE_STATUSES } from "@/lib/schemas/values";
import type { People } from "./people";

/** A finished bulk edit's outcome stays readable this long after the bar's selection is gone. */
const OUTCOME_SHOWN_MS = 6_000;

type Change = { what: string; body: (issue: Issue) => UpdateIssueBody | null };

function assigneeChange(value: string, name: string): Change {
  const [kind, id] = value.split(":");
  const agentId = kind === "agent" ? id : null;
  const userId = kind === "user" ? id : null;
  return {
    what: `assignee to ${name}`,
    body: (issue) => (issue.assigneeAgentId === agentId && issue.assigneeUserId === userId ? null : { assigneeAgentId: agentId, assigneeUserId: userId }),
  };
}

type Outcome = { updated: number; failed: { identifier: string; message: string }[]; unchanged: number };

/**
 * The bar under a multi-selection: set status, priority or assignee, add or remove a label, or clear the selection.
 * Each change is one PATCH per issue that needs it, four at a time, with progress; issues that failed are named
 * with their reason and stay selected.
 */
export function BulkBar({
  selection,
  onSettled,
  onClear,
  people,
  labels,
  currentUserId,
}: {
  selection: Issue[];
  /** After a bulk edit, with the issues that failed (to keep just those selected for a retry). */
  onSettled: (failedIds: string[]) => void;
  onClear: () => void;
  people: People;
  labels: Label[];
  currentUserId: string;
}) {
  const bulk = useBulkUpdateIssues();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    if (!outcome || outcome.failed.length) return;
    const timer = setTimeout(() => setOutcome(null), OUTCOME_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  const apply = (change: Change) => {
    const updates: BulkUpdate[] = selection.flatMap((issue) => {
      const body = change.body(issue);
      return body ? [{ issue, body }] : [];
    });
    if (!updates.length) {
      setOutcome({ updated: 0, failed: [], unchanged: selection.length });
      return;
    }
    setOutcome(null);
    setProgress({ done: 0, total: updates.length });
    bulk.mutate(
      { updates, onProgress: (done, total) => setProgress({ done, total }) },
      {
        onSuccess: (result) => {
          setOutcome({
            updated: result.updated.length,
            unchanged: selection.length - updates.length,
            failed: result.failed.map(({ issue, error }) => ({ identifier: issue.identifier, message: errorMessage(error) })),
          });
          onSettled(result.failed.map(({ issue }) => issue.id));
        },
        onSettled: () => setProgress(null),
      },
    );
  };

  const running = progress !== null;
  if (!selection.length && !outcome && !running) return null;
  const assigneeNames = new Map<string, string>([
    ["", "nobody"],
    [`user:${currentUserId}`, "me"],
    ...people.agents.map((agent) => [`agent:${agent.id}`, agent.name] as [string, string]),
    ...people.members.map((member) => [`user:${member.userId}`, member.name] as [string, string]),
  ]);
  const labelName = (labelId: string) => labels.find((label) => label.id === labelId)?.name ?? "label";

  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-30 flex justify-center px-3">
      <div
        role="region"
        aria-label="Bulk edit"
        className="pointer-events-auto w-full max-w-4xl rounded-lg border border-zinc-200 bg-white/95 p-2.5 shadow-lg backdrop-blur dark:border-zinc-700 dark:bg-zinc-900/95"
      >
        {selection.length ? (
          <div className="flex flex-wrap items-center gap-2">
            <span className="px-1 text-sm font-medium text-zinc-900 dark:text-zinc-100">{selection.length} selected</span>
            <BulkSelect
              label="Status"
              disabled={running}
              onPick={(status) =>
                apply({
                  what: `status to ${humanize(status)}`,
                  body: (issue) => (issue.status === status ? null : { status: status as UpdateIssueBody["status"] }),
                })
              }
            >
              {ISSUE_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {humanize(status)}
                </option>
              ))}
            </BulkSelect>
            <BulkSelect
              label="Priority"
              disabled={running}
              onPick={(priority) =>
                apply({
                  what: `priority to ${humanize(priority)}`,
                  body: (issue) => (issue.priority === priority ? null : { priority: priority as UpdateIssueBody["priority"] }),
                })
              }
            >
              {ISSUE_PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {humanize(priority)}
                </option>
              ))}
            </BulkSelect>
            <BulkSelect
              label="Assignee"
              disabled={running}
              onPick={(value) => apply(assigneeChange(value === "none" ? "" : value, assigneeNames.get(value === "none" ? "" : value) ?? "someone"))}
            >
              <option value="none">Nobody</option>
              <option value={`user:${currentUserId}`}>Me</option>
              {people.agents.length ? (
                <optgroup label="Agents">
                  {people.agents.map((agent) => (
                    <option key={agent.id} value={`agent:${agent.id}`}>
                      {agent.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {people.members.filter((member) => member.userId !== currentUserId).length ? (
                <optgroup label="Board members">
                  {people.members
                    .filter((member) => member.userId !== currentUserId)
                    .map((member) => (
                      <option key={member.userId} value={`user:${member.userId}`}>
                        {member.name}
                      </option>
                    ))}
                </optgroup>
              ) : null}
            </BulkSelect>
            {labels.length ? (
              <>
                <BulkSelect
                  label="Add label"
                  disabled={running}
                  onPick={(labelId) =>
                    apply({
                      what: `label ${labelName(labelId)} added`,
                      body: (issue) => (issue.labelIds.includes(labelId) ? null : { labelIds: [...issue.labelIds, labelId] }),
                    })
                  }
                >
                  {labels.map((label) => (
                    <option key={label.id} value={label.id}>
                      {label.name}
                    </option>
                  ))}
                </BulkSelect>
                <BulkSelect
                  label="Remove label"
                  disabled={running}
                  onPick={(labelId) =>
                    apply({
                      what: `label ${labelName(labelId)} removed`,
                      body: (issue) => (issue.labelIds.includes(labelId) ? { labelIds: issue.labelIds.filter((id) => id !== labelId) } : null),
                    })
                  }
                >
                  {labels.map((label) => (
                    <option key={label.id} value={label.id}>
                      {label.name}
                    </option>
                  ))}
                </BulkSelect>
              </>
            ) : null}
            <Button size="sm" variant="ghost" onClick={onClear} disabled={running} className="ml-auto" aria-label="Clear selection (Escape)">
              Clear
            </Button>
          </div>
        ) : null}
        <div role="status" aria-live="polite" className="text-sm empty:hidden">
          {running ? (
            <p className="flex items-center gap-2 px-1 pt-2 text-zinc-600 dark:text-zinc-300">
              <Spinner />
              Updating {Math.min(progress.done + 1, progress.total)} of {progress.total}…
            </p>
          ) : outcome ? (
            <OutcomeText outcome={outcome} onDismiss={() => setOutcome(null)} />
          ) : null}
        </div>
      </div>
    </div>
  );
}

function OutcomeText({ outcome, onDismiss }: { outcome: Outcome; onDismiss: () => void }) {
  const parts = [];
  if (outcome.updated) parts.push(`Updated ${outcome.updated} issue${outcome.updated === 1 ? "" : "s"}.`);
  if (outcome.unchanged) parts.push(`${outcome.unchanged} already had that value.`);
  if (outcome.failed.length) parts.push(`Couldn't update ${outcome.failed.length}; still selected:`);
  return (
    <div className="flex items-start gap-2 px-1 pt-2">
      <div className="min-w-0 flex-1">
        <p className={cn(outcome.failed.length ? "text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400")}>{parts.join(" ")}</p>
        {outcome.failed.length ? (
          <ul className="mt-1 space-y-0.5 text-xs text-red-700 dark:text-red-400">
            {outcome.failed.map((failure) => (
              <li key={failure.identifier}>
                <span className="font-mono">{failure.identifier}</span>: {failure.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss"
        className={cn("rounded-sm px-1 text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200", focusRing)}
      >
        <span aria-hidden>×</span>
      </button>
    </div>
  );
}

/** A select that acts on pick and goes back to its label, like a menu. */
function BulkSelect({ label, disabled, onPick, children }: { label: string; disabled: boolean; onPick: (value: string) => void; children: React.ReactNode }) {
  return (
    <Select
      aria-label={label}
      value=""
      disabled={disabled}
      onChange={(event) => {
        if (event.target.value) onPick(event.target.value);
      }}
      className="h-7 w-auto text-xs"
    >
      <option value="" disabled>
        {label}…
      </option>
      {children}
    </Select>
  );
}
