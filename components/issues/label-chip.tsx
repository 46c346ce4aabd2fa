import { cn } from "@/components/ui/cn";
import type { Label } from "@/lib/queries/labels";

type ChipLabel = Pick<Label, "name" | "color">;

/** A label as a pill: its colour as a dot (readable on light and dark backgrounds alike) beside its name. */
export function LabelChip({ label, className }: { label: ChipLabel; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex max-w-40 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-zinc-200 ring-inset text-zinc-700 dark:text-zinc-300 dark:ring-zinc-700",
        className,
      )}
      title={label.name}
    >
      <span aria-hidden className="size-2 shrink-0 rounded-full" style={{ backgroundColor: label.color }} />
      <span className="truncate">{label.name}</span>
    </span>
  );
}

/**
 * An issue's labels in the company's label order; ids whose label is not (yet) loaded are skipped rather than shown
 * as raw ids. `max` folds the rest into "+N" for tight rows.
 */
export function LabelChips({ ids, labels, max, className }: { ids: readonly string[]; labels: readonly Label[]; max?: number; className?: string }) {
  const wanted = new Set(ids);
  const shown = labels.filter((label) => wanted.has(label.id));
  if (!shown.length) return null;
  const visible = max === undefined ? shown : shown.slice(0, max);
  const hidden = shown.slice(visible.length);
  return (
    <span className={cn("inline-flex min-w-0 flex-wrap items-center gap-1", className)}>
      {visible.map((label) => (
        <LabelChip key={label.id} label={label} />
      ))}
      {hidden.length > 0 && (
        <span className="text-xs text-zinc-500 dark:text-zinc-400" title={hidden.map((label) => label.name).join(", ")}>
          +{hidden.length}
        </span>
      )}
    </span>
  );
}
