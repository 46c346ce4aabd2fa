import { cn } from "@/components/ui/cn";
import { STEP_LABELS, WIZARD_STEPS, type WizardPosition, type WizardProgress } from "./steps";

/** Steps 1–4 with the current one marked (`aria-current="step"`) and each done or skipped one saying so. */
export function StepIndicator({ position, progress }: { position: WizardPosition; progress: WizardProgress }) {
  return (
    <nav aria-label="Setup steps" className="mt-2">
      <ol className="flex flex-wrap items-center gap-x-2 gap-y-2 text-sm">
        {WIZARD_STEPS.map((step, index) => {
          const current = step === position;
          const state = progress[step];
          return (
            <li key={step} aria-current={current ? "step" : undefined} className="flex items-center gap-2" data-state={state}>
              {index > 0 ? <span aria-hidden className="h-px w-4 bg-zinc-300 sm:w-8 dark:bg-zinc-700" /> : null}
              <span
                aria-hidden
                className={cn(
                  "flex size-6 items-center justify-center rounded-full text-xs font-semibold ring-1 ring-inset",
                  current
                    ? "bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-100"
                    : state === "done"
                      ? "bg-emerald-50 text-emerald-700 ring-emerald-300 dark:bg-emerald-950/50 dark:text-emerald-300 dark:ring-emerald-800"
                      : "bg-white text-zinc-500 ring-zinc-300 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-700",
                )}
              >
                {state === "done" && !current ? "✓" : index + 1}
              </span>
              <span className={cn(current ? "font-medium text-zinc-900 dark:text-zinc-100" : "text-zinc-500 dark:text-zinc-400")}>
                <span className="sr-only">Step {index + 1}: </span>
                {STEP_LABELS[step]}
                {state === "done" ? <span className="sr-only"> (done)</span> : state === "skipped" ? <span className="sr-only"> (skipped)</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
