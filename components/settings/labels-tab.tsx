"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { LabelChip } from "@/components/issues/label-chip";
import { Button, CreateButton, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { MutationConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps, useFieldErrors } from "@/components/ui/form-dialog";
import { Section } from "@/components/ui/page-header";
import { QueryTable, Td, Tr } from "@/components/ui/table";
import { type Label, type LabelBody, type LabelWithCount, useCreateLabel, useDeleteLabel, useLabels, useUpdateLabel } from "@/lib/queries/labels";

/** Colours that read on light and dark backgrounds alike; a label keeps any other colour it already has. */
export const LABEL_PALETTE = [
  { color: "#ef4444", name: "Red" },
  { color: "#f97316", name: "Orange" },
  { color: "#eab308", name: "Yellow" },
  { color: "#22c55e", name: "Green" },
  { color: "#14b8a6", name: "Teal" },
  { color: "#0ea5e9", name: "Sky" },
  { color: "#3b82f6", name: "Blue" },
  { color: "#8b5cf6", name: "Violet" },
  { color: "#ec4899", name: "Pink" },
  { color: "#71717a", name: "Grey" },
] as const;

const FIELDS = ["name", "color"] as const;

const TagIcon = () => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" aria-hidden className="size-6">
    <path d="M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9z" />
    <circle cx="7.5" cy="7.5" r="1.5" />
  </svg>
);

/**
 * The company's issue labels: colour, name and how many issues carry each. Owners and operators create, rename,
 * recolour and delete (deleting takes the label off its issues, after a confirm); viewers read.
 */
export function LabelsTab({ companyId }: { companyId: string }) {
  const { canAct } = useCompanyPermissions(companyId);
  const companyName = useCompanyName(companyId) ?? "this company";
  const labels = useLabels(companyId);
  const remove = useDeleteLabel();
  const [editing, setEditing] = useState<Label | "new" | null>(null);
  const [deleting, setDeleting] = useState<LabelWithCount | null>(null);

  return (
    <Section
      title="Labels"
      description={
        canAct
          ? `Labels sort ${companyName}'s issues into kinds of work; filter the issue list by one, or set them on an issue.`
          : `Labels sort ${companyName}'s issues into kinds of work. Read-only: viewers cannot change labels.`
      }
      actions={canAct ? <CreateButton onClick={() => setEditing("new")}>New label</CreateButton> : null}
    >
      <QueryTable
        query={labels}
        what="labels"
        rows={3}
        empty={{
          icon: <TagIcon />,
          title: "No labels yet",
          description: canAct ? "Create labels such as bug, ui or docs, then set them on issues." : "Owners and operators create labels here.",
          action: canAct ? <CreateButton onClick={() => setEditing("new")}>New label</CreateButton> : undefined,
        }}
        label="Labels"
        columns={["Label", "Colour", "Issues"]}
        actions={canAct}
        row={(label) => (
          <Tr key={label.id} data-label={label.name}>
            <Td>
              <LabelChip label={label} />
            </Td>
            <Td>
              <span className="inline-flex items-center gap-2 font-mono text-xs text-zinc-500 dark:text-zinc-400">
                <span aria-hidden className="size-3.5 rounded-sm ring-1 ring-black/10 dark:ring-white/15" style={{ backgroundColor: label.color }} />
                {label.color}
              </span>
            </Td>
            <Td>
              {label.issueCount > 0 ? (
                <Link
                  href={`/issues?labelId=${encodeURIComponent(label.id)}`}
                  className={cn("rounded-sm tabular-nums underline-offset-2 hover:underline", focusRing)}
                  aria-label={`${label.issueCount} ${label.issueCount === 1 ? "issue" : "issues"} labelled ${label.name}`}
                >
                  {label.issueCount}
                </Link>
              ) : (
                <span className="text-zinc-400 tabular-nums dark:text-zinc-500">0</span>
              )}
            </Td>
            {canAct ? (
              <Td className="text-right whitespace-nowrap">
                <Button size="sm" variant="ghost" aria-label={`Edit ${label.name}`} onClick={() => setEditing(label)}>
                  Edit
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  className="text-red-600 dark:text-red-400"
                  aria-label={`Delete ${label.name}`}
                  onClick={() => setDeleting(label)}
                >
                  Delete
                </Button>
              </Td>
            ) : null}
          </Tr>
        )}
      />
      {canAct ? (
        <>
          <LabelDialog companyId={companyId} label={editing === "new" ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
          <MutationConfirmDialog
            target={deleting}
            onClose={() => setDeleting(null)}
            mutation={remove}
            variables={(label) => ({ labelId: label.id, companyId })}
            title={deleting ? `Delete the label "${deleting.name}"?` : "Delete label?"}
            description={
              deleting && deleting.issueCount > 0
                ? `It comes off the ${deleting.issueCount} ${deleting.issueCount === 1 ? "issue" : "issues"} that carry it. This cannot be undone.`
                : "No issue carries it. This cannot be undone."
            }
            confirmLabel="Delete label"
          />
        </>
      ) : null}
    </Section>
  );
}

/** Create (no `label`) or edit one label: its name and a colour from the palette. */
function LabelDialog({ companyId, label, open, onClose }: { companyId: string; label: Label | null; open: boolean; onClose: () => void }) {
  const create = useCreateLabel(companyId);
  const update = useUpdateLabel();
  if (label) {
    return (
      <MutationDialog open={open} onClose={onClose} title={`Edit "${label.name}"`} mutation={update}>
        {(form) => (
          <LabelForm {...form} initial={label} submitLabel="Save label" onSubmit={(body: LabelBody) => form.onSubmit({ labelId: label.id, ...body })} />
        )}
      </MutationDialog>
    );
  }
  return (
    <MutationDialog open={open} onClose={onClose} title="New label" description="Set labels on issues, then filter the issue list by them." mutation={create}>
      {(form) => <LabelForm {...form} initial={null} submitLabel="Create label" />}
    </MutationDialog>
  );
}

function LabelForm({
  pending,
  error,
  onCancel,
  onSubmit,
  initial,
  submitLabel,
}: MutationFormProps<LabelBody> & { initial: Label | null; submitLabel: string }) {
  const id = useId();
  const { fieldErrors, formError, check } = useFieldErrors(error, FIELDS);
  const [color, setColor] = useState<string>(initial?.color ?? LABEL_PALETTE[6].color);
  const [name, setName] = useState(initial?.name ?? "");
  const choices: { color: string; name: string }[] = LABEL_PALETTE.some((choice) => choice.color === initial?.color.toLowerCase())
    ? [...LABEL_PALETTE]
    : initial
      ? [...LABEL_PALETTE, { color: initial.color, name: "Current colour" }]
      : [...LABEL_PALETTE];

  function submit(form: FormData) {
    const typed = formText(form, "name");
    if (!check({ name: !typed && "Enter a name" })) return;
    onSubmit({ name: typed, color });
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel={submitLabel}>
      <Field id={`${id}-name`} label="Name" error={fieldErrors.name}>
        <Input
          {...fieldProps(`${id}-name`, fieldErrors.name)}
          name="name"
          required
          maxLength={48}
          autoFocus
          autoComplete="off"
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="bug"
        />
      </Field>
      <fieldset className="space-y-1.5">
        <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Colour</legend>
        <div className="flex flex-wrap gap-2">
          {choices.map((choice) => (
            <label key={choice.color} className="relative cursor-pointer" title={choice.name}>
              <input
                type="radio"
                name="color"
                value={choice.color}
                checked={color.toLowerCase() === choice.color.toLowerCase()}
                onChange={() => setColor(choice.color)}
                className="peer sr-only"
                aria-label={choice.name}
              />
              <span
                aria-hidden
                className="block size-7 rounded-full ring-1 ring-black/10 peer-checked:ring-2 peer-checked:ring-zinc-900 peer-checked:ring-offset-2 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-4 peer-focus-visible:outline-blue-600 dark:ring-white/15 dark:peer-checked:ring-zinc-100 dark:ring-offset-zinc-900"
                style={{ backgroundColor: choice.color }}
              />
            </label>
          ))}
        </div>
        {fieldErrors.color ? <p className="text-xs text-red-600 dark:text-red-400">{fieldErrors.color}</p> : null}
      </fieldset>
      <div className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
        Preview <LabelChip label={{ name: name.trim() || "label", color }} />
      </div>
    </DialogForm>
  );
}
