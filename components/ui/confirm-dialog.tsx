"use client";

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
