"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { errorMessage } from "@/lib/queries/client";
import { type OnboardingStep, useOnboarding, useUpdateOnboarding } from "@/lib/queries/onboarding";
import { isOptionalOnboardingStep, type OptionalOnboardingStep } from "@/lib/schemas/values";
import { type StepState, stepState } from "./steps";

const STATE_LABEL: Record<StepState, string> = { done: "Done", skipped: "Skipped", todo: "To do" };

/**
 * The first-run checklist at the top of Needs me, shown until every required step is done or the user dismisses it.
 * It is an aid, not the page: while it loads, or when it cannot load, it takes no room at all. Dismiss and Skip are
 * offered only to those who can save them (an instance admin looking in without a membership cannot). Dismissed before
 * it was complete, it leaves one small button behind that brings it back, where the user last saw it.
 */
export function OnboardingChecklist({ companyId }: { companyId: string }) {
  const onboarding = useOnboarding(companyId);
  const update = useUpdateOnboarding(companyId);
  const checklist = onboarding.data;
  if (!checklist || checklist.complete) return null;
  if (checklist.dismissed)
    return checklist.canDismiss ? (
      <div className="mb-4 flex flex-wrap items-center justify-end gap-2">
        {update.isError ? (
          <p role="alert" className="text-xs text-red-700 dark:text-red-400">
            {errorMessage(update.error)}
          </p>
        ) : null}
        <Button variant="ghost" size="sm" pending={update.isPending} onClick={() => update.mutate({ dismissed: false })}>
          Show the getting-started checklist
        </Button>
      </div>
    ) : null;

  const doneCount = checklist.steps.filter((step) => step.done).length;
  const total = checklist.steps.length;
  const skipped = checklist.steps
    .filter((step) => step.skipped)
    .map((step) => step.key)
    .filter(isOptionalOnboardingStep);
  const nextKey = checklist.steps.find((step) => stepState(step) === "todo")?.key;
  const setSkipped = (key: OptionalOnboardingStep, skip: boolean) =>
    update.mutate({ skippedSteps: skip ? [...skipped, key] : skipped.filter((other) => other !== key) });

  return (
    <section
      aria-labelledby="onboarding-checklist-title"
      data-onboarding-checklist
      className="mb-6 rounded-lg border border-blue-200 bg-blue-50/60 px-4 py-3 dark:border-blue-900/60 dark:bg-blue-950/20"
    >
      <div className="flex items-start gap-3">
        <div className="min-w-0 flex-1">
          <h2 id="onboarding-checklist-title" className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
            Get your first agent working
          </h2>
          <p className="mt-0.5 text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
            {doneCount} of {total} done
          </p>
        </div>
        {checklist.canDismiss ? (
          <Button
            variant="ghost"
            size="sm"
            aria-label="Dismiss the getting-started checklist"
            title="Dismiss"
            disabled={update.isPending}
            onClick={() => update.mutate({ dismissed: true })}
          >
            <span aria-hidden>×</span>
          </Button>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label="Getting started"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={doneCount}
        aria-valuetext={`${doneCount} of ${total} done`}
        className="mt-2 h-1.5 w-full overflow-hidden rounded-full bg-blue-100 dark:bg-zinc-800"
      >
        <div className="h-full rounded-full bg-blue-600 transition-[width] dark:bg-blue-400" style={{ width: `${(doneCount / total) * 100}%` }} />
      </div>
      <ol className="mt-3 space-y-2" aria-label="Getting-started steps">
        {checklist.steps.map((step) => (
          <ChecklistStep key={step.key} step={step} next={step.key === nextKey} pending={update.isPending} onSkip={checklist.canDismiss ? setSkipped : null} />
        ))}
      </ol>
      {update.isError ? (
        <p role="alert" className="mt-2 text-xs text-red-700 dark:text-red-400">
          {errorMessage(update.error)}
        </p>
      ) : null}
    </section>
  );
}

function ChecklistStep({
  step,
  next,
  pending,
  onSkip,
}: {
  step: OnboardingStep;
  next: boolean;
  pending: boolean;
  /** Null when the user cannot save a skip. */
  onSkip: ((key: OptionalOnboardingStep, skip: boolean) => void) | null;
}) {
  const state = stepState(step);
  const skippable = onSkip && isOptionalOnboardingStep(step.key) ? step.key : null;
  return (
    <li data-step={step.key} data-state={state} className="flex items-start gap-2.5">
      <span
        aria-hidden
        className={cn(
          "mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full border text-[10px] leading-none font-bold",
          state === "done" && "border-green-600 bg-green-600 text-white dark:border-green-500 dark:bg-green-500",
          state === "skipped" && "border-zinc-400 text-zinc-500 dark:border-zinc-600",
          state === "todo" && (next ? "border-blue-600 dark:border-blue-400" : "border-zinc-400 dark:border-zinc-600"),
        )}
      >
        {state === "done" ? "✓" : state === "skipped" ? "–" : ""}
      </span>
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <span className="sr-only">{STATE_LABEL[state]}: </span>
          {step.href ? (
            <Link
              href={step.href}
              className={cn(
                "rounded-sm font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-400",
                state === "skipped" && "text-zinc-600 dark:text-zinc-400",
                focusRing,
              )}
            >
              {step.title}
            </Link>
          ) : (
            <span className={cn(state === "done" ? "text-zinc-500 line-through dark:text-zinc-400" : "font-medium text-zinc-900 dark:text-zinc-100")}>
              {step.title}
            </span>
          )}
          {step.optional ? <Badge>Optional</Badge> : null}
          {state === "skipped" ? <Badge>Skipped</Badge> : null}
        </p>
        {state === "todo" ? <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{step.description}</p> : null}
      </div>
      {skippable && state !== "done" ? (
        <Button
          variant="ghost"
          size="sm"
          disabled={pending}
          aria-label={state === "skipped" ? `Don't skip: ${step.title}` : `Skip: ${step.title}`}
          onClick={() => onSkip?.(skippable, state !== "skipped")}
        >
          {state === "skipped" ? "Undo skip" : "Skip"}
        </Button>
      ) : null}
    </li>
  );
}
