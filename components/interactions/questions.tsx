"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/form";
import { Markdown } from "@/components/ui/markdown";
import { errorMessage } from "@/lib/queries/client";
import { useResolveInteraction } from "@/lib/queries/plans";
import type { Interaction, QuestionsPayload } from "@/lib/queries/types";

type Answers = Record<string, string[]>;

/** Radio buttons for single-choice questions, checkboxes for multi; required questions must be answered to submit. */
export function QuestionsForm({ interaction, payload, issueId }: { interaction: Interaction; payload: QuestionsPayload; issueId: string }) {
  const resolve = useResolveInteraction(issueId, interaction.id);
  const [answers, setAnswers] = useState<Answers>({});
  const missing = payload.questions.some((question) => question.required && !answers[question.id]?.length);

  function pick(questionId: string, optionId: string, single: boolean, checked: boolean) {
    setAnswers((current) => {
      const before = current[questionId] ?? [];
      const next = single ? [optionId] : checked ? [...before, optionId] : before.filter((id) => id !== optionId);
      return { ...current, [questionId]: next };
    });
  }

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (missing) return;
        resolve.mutate({ type: "respond", answers: Object.entries(answers).map(([questionId, optionIds]) => ({ questionId, optionIds })) });
      }}
    >
      {payload.questions.map((question) => (
        <fieldset key={question.id} className="space-y-1.5">
          <legend className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
            {question.prompt}
            {question.required ? <span className="text-red-600"> *</span> : null}
          </legend>
          {question.helpText ? <Markdown className="text-xs text-zinc-500 dark:text-zinc-400">{question.helpText}</Markdown> : null}
          {question.options.map((option) => {
            const single = question.selectionMode === "single";
            const checked = answers[question.id]?.includes(option.id) ?? false;
            return (
              <label key={option.id} className="flex items-start gap-2 text-sm text-zinc-800 dark:text-zinc-200">
                {single ? (
                  <input
                    type="radio"
                    name={`${interaction.id}-${question.id}`}
                    checked={checked}
                    onChange={(event) => pick(question.id, option.id, true, event.target.checked)}
                    className="mt-1"
                  />
                ) : (
                  <Checkbox checked={checked} onChange={(event) => pick(question.id, option.id, false, event.target.checked)} className="mt-1" />
                )}
                <span>
                  {option.label}
                  {option.description ? <span className="block text-xs text-zinc-500">{option.description}</span> : null}
                </span>
              </label>
            );
          })}
        </fieldset>
      ))}
      {resolve.error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {errorMessage(resolve.error)}
        </p>
      ) : null}
      <Button type="submit" variant="primary" pending={resolve.isPending} disabled={missing}>
        {payload.submitLabel || "Submit answers"}
      </Button>
    </form>
  );
}

/** The questions with the chosen options, once answered (or what was asked, if it never was). */
export function QuestionsAnswers({ payload, result }: { payload: QuestionsPayload; result: unknown }) {
  const answers = ((result as { answers?: { questionId: string; optionIds: string[] }[] } | null)?.answers ?? []).reduce<Answers>(
    (all, answer) => ({ ...all, [answer.questionId]: answer.optionIds }),
    {},
  );
  return (
    <dl className="space-y-2 text-sm">
      {payload.questions.map((question) => {
        const chosen = question.options.filter((option) => answers[question.id]?.includes(option.id)).map((option) => option.label);
        return (
          <div key={question.id}>
            <dt className="font-medium text-zinc-900 dark:text-zinc-100">{question.prompt}</dt>
            <dd className="text-zinc-700 dark:text-zinc-300">{chosen.length ? chosen.join(", ") : <span className="text-zinc-500">No answer</span>}</dd>
          </div>
        );
      })}
    </dl>
  );
}
