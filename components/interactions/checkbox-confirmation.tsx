"use client";

import { useId, useState } from "react";
import { Checkbox } from "@/components/ui/form";
import { Markdown } from "@/components/ui/markdown";
import type { HeldAction } from "@/lib/queries/issues";
import type { CheckboxConfirmationPayload, Interaction } from "@/lib/queries/types";
import { ConfirmationActions } from "./confirmation-actions";

/** Why Accept is not available yet, or null when the ticked boxes satisfy the card. */
export function checkboxBlocker(payload: CheckboxConfirmationPayload, ticked: ReadonlySet<string>): string | null {
  const unticked = payload.options.filter((option) => option.required && !ticked.has(option.id));
  if (unticked.length) return `Tick ${unticked.map((option) => `“${option.label}”`).join(", ")} to accept.`;
  const count = payload.options.filter((option) => ticked.has(option.id)).length;
  if (count < (payload.minSelected ?? 0)) return `Tick at least ${payload.minSelected}.`;
  if (payload.maxSelected != null && count > payload.maxSelected) return `Tick at most ${payload.maxSelected}.`;
  return null;
}

/**
 * A confirmation with boxes to tick. While pending, board users tick the boxes and accept once every required box is
 * ticked (or reject); afterwards the card shows which boxes were ticked.
 */
export function CheckboxConfirmationBody({
  interaction,
  payload,
  issueId,
  canAct,
  held,
}: {
  interaction: Interaction;
  payload: CheckboxConfirmationPayload;
  issueId: string;
  canAct: boolean;
  held: HeldAction | null;
}) {
  const id = useId();
  const editable = interaction.status === "pending" && canAct;
  const decided = (interaction.result as { selectedOptionIds?: string[] } | null)?.selectedOptionIds;
  const [ticked, setTicked] = useState<Set<string>>(() => new Set(decided ?? payload.defaultSelectedOptionIds ?? []));
  const shown = editable ? ticked : new Set(decided ?? []);
  const blocker = checkboxBlocker(payload, ticked);

  function toggle(optionId: string, checked: boolean) {
    setTicked((current) => {
      const next = new Set(current);
      if (checked) next.add(optionId);
      else next.delete(optionId);
      return next;
    });
  }

  return (
    <div className="space-y-3">
      <Markdown className="font-medium text-zinc-900 dark:text-zinc-100">{payload.prompt}</Markdown>
      {payload.target?.type === "issue_document" ? (
        <p className="text-xs">
          <a href={`#document-${payload.target.key}`} className="text-blue-700 underline underline-offset-2 dark:text-blue-400">
            {payload.target.label || payload.target.key} · revision {payload.target.revisionNumber ?? "?"}
          </a>
        </p>
      ) : payload.target?.type === "custom" ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{payload.target.label || payload.target.key}</p>
      ) : null}
      {payload.detailsMarkdown ? <Markdown>{payload.detailsMarkdown}</Markdown> : null}
      <fieldset className="space-y-2" aria-describedby={editable && blocker ? `${id}-blocker` : undefined}>
        <legend className="sr-only">Options</legend>
        {payload.options.map((option) => (
          <div key={option.id} className="flex items-start gap-2 text-sm text-zinc-800 dark:text-zinc-200" data-option-id={option.id}>
            <Checkbox
              id={`${id}-${option.id}`}
              checked={shown.has(option.id)}
              disabled={!editable}
              onChange={(event) => toggle(option.id, event.target.checked)}
              className="mt-0.5"
              aria-describedby={option.description ? `${id}-${option.id}-description` : undefined}
            />
            <div className="min-w-0">
              <label htmlFor={`${id}-${option.id}`} className="font-medium">
                {option.label}
                {option.required ? <span className="text-red-600 dark:text-red-400"> * (required)</span> : null}
              </label>
              {option.description ? (
                <div id={`${id}-${option.id}-description`} className="text-xs text-zinc-600 dark:text-zinc-400">
                  <Markdown>{option.description}</Markdown>
                </div>
              ) : null}
            </div>
          </div>
        ))}
      </fieldset>
      {editable ? (
        <>
          {blocker ? (
            <p id={`${id}-blocker`} className="text-xs text-zinc-600 dark:text-zinc-400">
              {blocker}
            </p>
          ) : null}
          <ConfirmationActions
            interaction={interaction}
            payload={payload}
            issueId={issueId}
            held={held}
            accept={{ type: "accept", selectedOptionIds: payload.options.filter((option) => ticked.has(option.id)).map((option) => option.id) }}
            acceptDisabled={blocker !== null}
          />
        </>
      ) : null}
    </div>
  );
}
