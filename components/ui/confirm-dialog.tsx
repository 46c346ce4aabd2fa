"use client";

import type { UseMutationResult } from "@tanstack/react-query";
import { errorMessage } from "@/lib/queries/client";
import { Button } from "./button";
import { Dialog, DialogFooter } from "./dialog";
import { FormError } from "./form";

/** The confirm step every destructive action goes through. */
export function ConfirmDialog({
  open,
  title,
  description,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  description?: React.ReactNode;
  confirmLabel: string;
  pending?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={open} onClose={() => !pending && onCancel()} title={title} description={description}>
      <FormError>{error}</FormError>
      <DialogFooter>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button variant="danger" onClick={onConfirm} pending={pending} autoFocus>
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}

/**
 * The confirm step of a mutation on one chosen record: open while `target` is set. Cancel and success both reset the
 * mutation and close (`onClose` clears the target); a failure stays on screen.
 */
export function MutationConfirmDialog<T, TVariables>({
  target,
  onClose,
  mutation,
  variables,
  onSuccess,
  ...text
}: {
  target: T | null;
  onClose: () => void;
  mutation: UseMutationResult<unknown, Error, TVariables>;
  variables: (target: T) => TVariables;
  onSuccess?: (target: T) => void;
  title: string;
  description?: React.ReactNode;
  confirmLabel: string;
}) {
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      {...text}
      open={target !== null}
      pending={mutation.isPending}
      error={mutation.error ? errorMessage(mutation.error) : null}
      onCancel={close}
      onConfirm={() =>
        target !== null &&
        mutation.mutate(variables(target), {
          onSuccess: () => {
            close();
            onSuccess?.(target);
          },
        })
      }
    />
  );
}
