"use client";

import Link from "next/link";
import { useId, useMemo, useState } from "react";
import type { People } from "@/components/issues/people";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/form";
import { Markdown } from "@/components/ui/markdown";
import type { Interaction, SuggestTasksPayload } from "@/lib/queries/types";
import { ConfirmationActions } from "./confirmation-actions";

type Task = SuggestTasksPayload["tasks"][number];
type CreatedTask = { clientKey: string; issueId: string; identifier?: string | null; title?: string | null };
type SuggestResult = { createdTasks?: CreatedTask[]; skippedClientKeys?: string[] } | null;

/** How deep each task nests under other suggested tasks (0 = directly under its parent issue). */
function depths(tasks: readonly Task[]) {
  const byKey = new Map(tasks.map((task) => [task.clientKey, task]));
  const depthOf = (task: Task, seen = new Set<string>()): number => {
    const parent = task.parentClientKey ? byKey.get(task.parentClientKey) : undefined;
    if (!parent || seen.has(parent.clientKey)) return 0;
    return 1 + depthOf(parent, new Set([...seen, task.clientKey]));
  };
  return new Map(tasks.map((task) => [task.clientKey, depthOf(task)]));
}

/** A selection in which every selected task's suggested parent is selected too, as the server requires. */
export function toggleTask(tasks: readonly Task[], selected: ReadonlySet<string>, clientKey: string, checked: boolean): Set<string> {
  const next = new Set(selected);
  const byKey = new Map(tasks.map((task) => [task.clientKey, task]));
  if (checked) {
    for (let key: string | null | undefined = clientKey; key && !next.has(key); key = byKey.get(key)?.parentClientKey) next.add(key);
    return next;
  }
  const drop = (key: string) => {
    next.delete(key);
    tasks.filter((task) => task.parentClientKey === key && next.has(task.clientKey)).forEach((task) => drop(task.clientKey));
  };
  drop(clientKey);
  return next;
}

/**
 * Child issues an agent proposes. While pending, board users pick which to create and accept them (or reject all);
 * once accepted, each created task links to its new issue and the ones left out say so.
 */
export function SuggestedTasksBody({
  interaction,
  payload,
  issueId,
  people,
  canAct,
}: {
  interaction: Interaction;
  payload: SuggestTasksPayload;
  issueId: string;
  people: People;
  canAct: boolean;
}) {
  const id = useId();
  const editable = interaction.status === "pending" && canAct;
  const result = interaction.result as SuggestResult;
  const created = useMemo(() => new Map((result?.createdTasks ?? []).map((task) => [task.clientKey, task])), [result]);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(payload.tasks.map((task) => task.clientKey)));
  const depthByKey = useMemo(() => depths(payload.tasks), [payload.tasks]);
  const visible = payload.tasks.filter((task) => !task.hiddenInPreview);
  const hidden = payload.tasks.filter((task) => task.hiddenInPreview);
  const selectedKeys = payload.tasks.filter((task) => selected.has(task.clientKey)).map((task) => task.clientKey);

  const row = (task: Task) => {
    const checkboxId = `${id}-${task.clientKey}`;
    const made = created.get(task.clientKey);
    const assignee = task.assigneeAgentId || task.assigneeUserId ? people.authorName(task.assigneeAgentId ?? null, task.assigneeUserId ?? null, "") : "";
    return (
      <li
        key={task.clientKey}
        data-client-key={task.clientKey}
        className="flex items-start gap-2 rounded-md border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900/60"
        style={{ marginInlineStart: `${Math.min(depthByKey.get(task.clientKey) ?? 0, 4) * 1.25}rem` }}
      >
        {editable ? (
          <Checkbox
            id={checkboxId}
            checked={selected.has(task.clientKey)}
            onChange={(event) => setSelected((current) => toggleTask(payload.tasks, current, task.clientKey, event.target.checked))}
            className="mt-0.5"
          />
        ) : null}
        <div className="min-w-0 flex-1 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            {editable ? (
              <label htmlFor={checkboxId} className="text-sm font-medium break-words text-zinc-900 dark:text-zinc-100">
                {task.title}
              </label>
            ) : made ? (
              <Link
                href={`/issues/${encodeURIComponent(made.identifier ?? made.issueId)}`}
                className="text-sm font-medium break-words text-blue-700 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-400"
              >
                {made.identifier ? `${made.identifier} · ` : ""}
                {made.title ?? task.title}
              </Link>
            ) : (
              <span className="text-sm font-medium break-words text-zinc-900 dark:text-zinc-100">{task.title}</span>
            )}
            {task.priority ? <Badge tone="neutral">{task.priority}</Badge> : null}
            {assignee ? <span className="text-xs text-zinc-600 dark:text-zinc-400">→ {assignee}</span> : null}
            {interaction.status === "accepted" && !made ? <span className="text-xs text-zinc-500 dark:text-zinc-400">Not created</span> : null}
          </div>
          {task.description ? <Markdown className="text-sm text-zinc-700 dark:text-zinc-300">{task.description}</Markdown> : null}
        </div>
      </li>
    );
  };

  return (
    <div className="space-y-3">
      <ul className="space-y-2" aria-label="Suggested tasks">
        {visible.map(row)}
      </ul>
      {hidden.length ? (
        <details className="group">
          <summary className="cursor-pointer text-xs text-zinc-600 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-400">
            {hidden.length} more suggested {hidden.length === 1 ? "task" : "tasks"}
          </summary>
          <ul className="mt-2 space-y-2">{hidden.map(row)}</ul>
        </details>
      ) : null}
      {interaction.status === "accepted" ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {created.size} {created.size === 1 ? "issue" : "issues"} created
          {result?.skippedClientKeys?.length ? `, ${result.skippedClientKeys.length} left out` : ""}.
        </p>
      ) : null}
      {editable ? (
        <ConfirmationActions
          interaction={interaction}
          payload={{}}
          issueId={issueId}
          accept={{ type: "accept", selectedClientKeys: selectedKeys }}
          acceptLabel={`Accept selected (${selectedKeys.length})`}
          acceptDisabled={selectedKeys.length === 0}
        />
      ) : null}
    </div>
  );
}
