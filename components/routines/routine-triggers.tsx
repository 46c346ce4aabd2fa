"use client";

import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, MutationConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { splitError } from "@/components/ui/errors";
import { FormError } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { Section } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { errorMessage } from "@/lib/queries/client";
import {
  type Routine,
  type RoutineTrigger,
  type SecretMaterial,
  useCreateTrigger,
  useDeleteTrigger,
  useRotateTriggerSecret,
  useUpdateTrigger,
} from "@/lib/queries/routines";
import { Until, WebhookUrl, triggerSummary } from "./labels";
import { WebhookSecretNotice } from "./routine-dialog";
import { SIGNING_WORDS, ScheduleFields, type TriggerChoice, TriggerKindPicker, WebhookFields, readTrigger } from "./trigger-fields";

const TRIGGER_FIELDS = ["cronExpression", "timezone", "signingMode", "replayWindowSec", "kind", "label"] as const;

function AddTriggerDialog({
  open,
  onClose,
  routineId,
  onSecret,
}: {
  open: boolean;
  onClose: () => void;
  routineId: string;
  onSecret: (material: SecretMaterial) => void;
}) {
  const create = useCreateTrigger(routineId);
  const id = useId();
  const [kind, setKind] = useState<TriggerChoice>("schedule");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const server = splitError(create.error, TRIGGER_FIELDS);
  const errors = { ...server.fieldErrors, ...localErrors };
  const close = () => {
    if (create.isPending) return;
    create.reset();
    setLocalErrors({});
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="Add trigger" className="max-w-xl">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const { body, errors: findings } = readTrigger(new FormData(event.currentTarget), kind);
          const failed = Object.fromEntries(Object.entries(findings).filter((finding): finding is [string, string] => finding[1] !== false));
          setLocalErrors(failed);
          if (!body || Object.keys(failed).length) return;
          create.mutate(body, {
            onSuccess: (result) => {
              close();
              if (result.secretMaterial) onSecret(result.secretMaterial);
            },
          });
        }}
        className="space-y-4"
        noValidate
      >
        <FormError>{server.formError}</FormError>
        <TriggerKindPicker name={`${id}-kind`} value={kind} onChange={setKind} allowNone={false} />
        {kind === "schedule" ? (
          <ScheduleFields idPrefix={`${id}-schedule`} errors={errors} onEdit={() => setLocalErrors(({ cronExpression: _fixed, ...rest }) => rest)} />
        ) : (
          <WebhookFields idPrefix={`${id}-webhook`} errors={errors} />
        )}
        <DialogFooter>
          <Button onClick={close} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={create.isPending}>
            Add trigger
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

function TriggerRow({
  trigger,
  canAct,
  routineActive,
  onDelete,
  onRotate,
}: {
  trigger: RoutineTrigger;
  canAct: boolean;
  /** A paused routine's schedules keep their next slot but don't fire it. */
  routineActive: boolean;
  onDelete: () => void;
  onRotate: () => void;
}) {
  const update = useUpdateTrigger();
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 px-3 py-2.5" data-testid="routine-trigger">
      <div className="min-w-0 space-y-1">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-zinc-900 dark:text-zinc-100">
          {triggerSummary(trigger)}
          {trigger.label ? <span className="font-normal text-zinc-500 dark:text-zinc-400">· {trigger.label}</span> : null}
          {trigger.enabled ? null : <Badge>Disabled</Badge>}
        </p>
        {trigger.kind === "schedule" ? (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            <span className="font-mono">{trigger.cronExpression}</span> · next{" "}
            <Until value={trigger.enabled && routineActive ? trigger.nextRunAt : null} empty={routineActive ? "not scheduled" : "paused"} />
            {trigger.lastFiredAt ? (
              <>
                {" "}
                · last <Time value={trigger.lastFiredAt} relative />
              </>
            ) : null}
          </p>
        ) : null}
        {trigger.kind === "webhook" ? (
          <div className="space-y-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            {trigger.webhookUrl ? (
              <p>
                <WebhookUrl url={trigger.webhookUrl} className="font-mono break-all text-zinc-700 dark:text-zinc-300" />
              </p>
            ) : null}
            <p>
              {trigger.signingMode ? SIGNING_WORDS[trigger.signingMode] : "Unsigned"}
              {trigger.replayWindowSec ? ` · replay window ${trigger.replayWindowSec} s` : ""}
              {trigger.lastRotatedAt ? (
                <>
                  {" "}
                  · secret rotated <Time value={trigger.lastRotatedAt} relative />
                </>
              ) : null}
            </p>
          </div>
        ) : null}
        {trigger.lastResult ? <p className="text-xs text-zinc-500 dark:text-zinc-400">Last result: {trigger.lastResult}</p> : null}
        {update.error ? (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400">
            {errorMessage(update.error)}
          </p>
        ) : null}
      </div>
      {canAct ? (
        <div className="flex flex-wrap items-center gap-1.5">
          <Button size="sm" pending={update.isPending} onClick={() => update.mutate({ triggerId: trigger.id, enabled: !trigger.enabled })}>
            {trigger.enabled ? "Disable" : "Enable"}
          </Button>
          {trigger.kind === "webhook" ? (
            <Button size="sm" onClick={onRotate}>
              Rotate secret
            </Button>
          ) : null}
          <Button size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete trigger: ${triggerSummary(trigger)}`}>
            Delete
          </Button>
        </div>
      ) : null}
    </li>
  );
}

/** The routine's triggers: each schedule in words with its next run, each webhook with its URL; add, toggle, delete, rotate. */
export function RoutineTriggers({ routine, canAct }: { routine: Routine; canAct: boolean }) {
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<RoutineTrigger | null>(null);
  const [rotating, setRotating] = useState<RoutineTrigger | null>(null);
  const [secret, setSecret] = useState<SecretMaterial | null>(null);
  const remove = useDeleteTrigger();
  const rotate = useRotateTriggerSecret();
  return (
    <Section
      title="Triggers"
      description="What runs this routine by itself. Anyone with operator access can always run it by hand."
      actions={
        canAct ? (
          <Button size="sm" onClick={() => setAdding(true)}>
            Add trigger
          </Button>
        ) : null
      }
    >
      {secret ? (
        <div className="mb-3">
          <WebhookSecretNotice material={secret} onDone={() => setSecret(null)} />
        </div>
      ) : null}
      {routine.triggers.length ? (
        <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800/80 dark:border-zinc-800">
          {routine.triggers.map((trigger) => (
            <TriggerRow
              key={trigger.id}
              trigger={trigger}
              canAct={canAct}
              routineActive={routine.status === "active"}
              onDelete={() => setDeleting(trigger)}
              onRotate={() => setRotating(trigger)}
            />
          ))}
        </ul>
      ) : (
        <EmptyState
          title="Manual only"
          description="No schedule or webhook runs this routine; it runs when someone presses Run now or calls its run endpoint."
        />
      )}
      {canAct ? <AddTriggerDialog open={adding} onClose={() => setAdding(false)} routineId={routine.id} onSecret={setSecret} /> : null}
      <MutationConfirmDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(trigger) => trigger.id}
        title="Delete this trigger?"
        description={deleting ? `${triggerSummary(deleting)} stops running the routine. Past runs stay.` : undefined}
        confirmLabel="Delete trigger"
      />
      <ConfirmDialog
        open={rotating !== null}
        title="Rotate the webhook secret?"
        description="The current secret stops working at once; senders need the new one, which is shown only once."
        confirmLabel="Rotate secret"
        pending={rotate.isPending}
        error={rotate.error ? errorMessage(rotate.error) : null}
        onCancel={() => {
          rotate.reset();
          setRotating(null);
        }}
        onConfirm={() =>
          rotating &&
          rotate.mutate(rotating.id, {
            onSuccess: (result) => {
              rotate.reset();
              setRotating(null);
              setSecret(result.secretMaterial);
            },
          })
        }
      />
    </Section>
  );
}
