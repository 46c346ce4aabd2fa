"use client";

import type { UseMutationResult } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "./button";
import { Dialog, DialogFooter } from "./dialog";
import { splitError } from "./errors";
import { FormError } from "./form";

/** What a form inside a MutationDialog gets: the request's state, and how to cancel or submit. */
export type MutationFormProps<TBody> = {
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (body: TBody) => void;
};

/**
 * A dialog whose form runs one mutation. Escape, the backdrop and Cancel close it unless the request is in flight;
 * success closes it and hands the result to `onSuccess`. The form mounts afresh each time the dialog opens.
 */
export function MutationDialog<TResult, TBody>({
  open,
  onClose,
  title,
  description,
  mutation,
  onSuccess,
  className,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  mutation: UseMutationResult<TResult, Error, TBody>;
  onSuccess?: (result: TResult) => void;
  /** For forms that need more room than the default width. */
  className?: string;
  children: (form: MutationFormProps<TBody>) => React.ReactNode;
}) {
  const close = () => {
    if (mutation.isPending) return;
    mutation.reset();
    onClose();
  };
  const submit = (body: TBody) =>
    mutation.mutate(body, {
      onSuccess: (result) => {
        mutation.reset();
        onClose();
        onSuccess?.(result);
      },
    });
  return (
    <Dialog open={open} onClose={close} title={title} description={description} className={className}>
      {children({ pending: mutation.isPending, error: mutation.error, onCancel: close, onSubmit: submit })}
    </Dialog>
  );
}

/** The form of a dialog: its form-level error, its fields, and Cancel beside the submit button, both held while pending. */
export function DialogForm({
  onSubmit,
  formError,
  pending,
  onCancel,
  submitLabel,
  children,
}: {
  onSubmit: (form: FormData) => void;
  formError: string | null;
  pending: boolean;
  onCancel: () => void;
  submitLabel: string;
  children: React.ReactNode;
}) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(new FormData(event.currentTarget));
      }}
      className="space-y-4"
      noValidate
    >
      <FormError>{formError}</FormError>
      {children}
      <DialogFooter>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          {submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}

/**
 * A form's field errors: the server's `invalid_params` under the fields it shows (the rest go to `formError`),
 * overlaid by the form's own checks. `check` takes a submit's findings (a message, or false, per field), shows them in
 * place of the last ones and says whether all passed.
 */
export function useFieldErrors(error: unknown, fields: readonly string[]) {
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const server = splitError(error, fields);
  const check = (findings: Record<string, string | false>) => {
    const failed = Object.fromEntries(Object.entries(findings).filter((finding): finding is [string, string] => finding[1] !== false));
    setLocalErrors(failed);
    return Object.keys(failed).length === 0;
  };
  return { fieldErrors: { ...server.fieldErrors, ...localErrors }, formError: server.formError, check };
}
