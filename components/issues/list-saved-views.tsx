"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps, useFieldErrors } from "@/components/ui/form-dialog";
import { errorMessage } from "@/lib/queries/client";
import { type SavedView, type SavedViewBody, useCreateSavedView, useDeleteSavedView, useSavedViews, useUpdateSavedView } from "@/lib/queries/saved-views";

/**
 * "Views": the user's saved views of the issues page (apply = open the page with the view's search), rename and
 * delete each, and "Save current view…" which stores the page's current search under a name.
 */
export function SavedViewsMenu({ companyId, currentSearch, onApply }: { companyId: string; currentSearch: string; onApply: (search: string) => void }) {
  const views = useSavedViews(companyId);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [renaming, setRenaming] = useState<SavedView | null>(null);
  const [deleting, setDeleting] = useState<SavedView | null>(null);
  const remove = useDeleteSavedView();
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const active = views.data?.find((view) => view.query === currentSearch);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <Button aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        {active ? `View: ${active.name}` : "Views"}
        <span aria-hidden className="text-zinc-400">
          ▾
        </span>
      </Button>
      {open ? (
        <div
          id={panelId}
          className="absolute right-0 z-20 mt-1 w-72 rounded-lg border border-zinc-200 bg-white p-1.5 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {views.isPending ? (
            <p className="px-2 py-1.5 text-sm text-zinc-500">Loading views…</p>
          ) : views.isError ? (
            <p role="alert" className="px-2 py-1.5 text-sm text-red-700 dark:text-red-400">
              Couldn&apos;t load views: {errorMessage(views.error)}
            </p>
          ) : views.data.length === 0 ? (
            <p className="px-2 py-1.5 text-sm text-zinc-500 dark:text-zinc-400">No saved views yet. Filter the list, then save it here.</p>
          ) : (
            <ul aria-label="Saved views" className="max-h-72 overflow-y-auto">
              {views.data.map((view) => (
                <li key={view.id} className="group flex items-center gap-1 rounded-md hover:bg-zinc-100 dark:hover:bg-zinc-800">
                  <button
                    type="button"
                    aria-current={view.id === active?.id ? "true" : undefined}
                    onClick={() => {
                      setOpen(false);
                      onApply(view.query);
                    }}
                    className={cn(
                      "min-w-0 flex-1 truncate rounded-md px-2 py-1.5 text-left text-sm text-zinc-800 dark:text-zinc-100",
                      focusRing,
                      view.id === active?.id && "font-semibold",
                    )}
                    title={view.name}
                  >
                    {view.name}
                  </button>
                  <IconAction label={`Rename ${view.name}`} onClick={() => setRenaming(view)}>
                    ✎
                  </IconAction>
                  <IconAction label={`Delete ${view.name}`} onClick={() => setDeleting(view)}>
                    ×
                  </IconAction>
                </li>
              ))}
            </ul>
          )}
          <div className="mt-1 border-t border-zinc-100 pt-1 dark:border-zinc-800">
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setSaving(true);
              }}
              className={cn(
                "w-full rounded-md px-2 py-1.5 text-left text-sm font-medium text-zinc-800 hover:bg-zinc-100 dark:text-zinc-100 dark:hover:bg-zinc-800",
                focusRing,
              )}
            >
              Save current view…
            </button>
          </div>
        </div>
      ) : null}
      <MutationDialog
        open={saving}
        onClose={() => setSaving(false)}
        title="Save view"
        description="Saves the current filters, sort and grouping under a name only you see."
        mutation={useCreateSavedView(companyId)}
      >
        {(form) => <ViewNameForm {...form} query={currentSearch} submitLabel="Save view" />}
      </MutationDialog>
      <RenameDialog view={renaming} onClose={() => setRenaming(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the view “${deleting?.name ?? ""}”?`}
        description="The issues stay as they are; only this saved filter goes."
        confirmLabel="Delete view"
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onCancel={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() =>
          deleting &&
          remove.mutate(
            { viewId: deleting.id, companyId },
            {
              onSuccess: () => {
                remove.reset();
                setDeleting(null);
              },
            },
          )
        }
      />
    </div>
  );
}

function RenameDialog({ view, onClose }: { view: SavedView | null; onClose: () => void }) {
  const update = useUpdateSavedView();
  return (
    <MutationDialog open={view !== null} onClose={onClose} title="Rename view" mutation={update}>
      {(form) => (
        <ViewNameForm {...form} onSubmit={(body) => view && form.onSubmit({ ...body, viewId: view.id })} defaultName={view?.name} submitLabel="Rename" />
      )}
    </MutationDialog>
  );
}

function ViewNameForm({
  pending,
  error,
  onCancel,
  onSubmit,
  query,
  defaultName,
  submitLabel,
}: MutationFormProps<SavedViewBody> & { query?: string; defaultName?: string; submitLabel: string }) {
  const id = useId();
  const { fieldErrors, formError, check } = useFieldErrors(error, ["name"]);
  return (
    <DialogForm
      onSubmit={(form) => {
        const name = formText(form, "name");
        if (!check({ name: !name && "Enter a name" })) return;
        onSubmit(query === undefined ? ({ name } as SavedViewBody) : { name, query });
      }}
      formError={formError}
      pending={pending}
      onCancel={onCancel}
      submitLabel={submitLabel}
    >
      <Field id={`${id}-name`} label="Name" error={fieldErrors.name}>
        <Input {...fieldProps(`${id}-name`, fieldErrors.name)} name="name" defaultValue={defaultName} required maxLength={80} autoFocus autoComplete="off" />
      </Field>
    </DialogForm>
  );
}

function IconAction({ label, onClick, children }: { label: string; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      className={cn(
        "rounded-md px-1.5 py-1 text-sm text-zinc-400 hover:bg-zinc-200 hover:text-zinc-800 dark:hover:bg-zinc-700 dark:hover:text-zinc-100",
        focusRing,
      )}
    >
      <span aria-hidden>{children}</span>
    </button>
  );
}
