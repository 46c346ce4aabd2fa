"use client";

import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { splitError } from "@/components/ui/errors";
import { Field, Input, Textarea, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps } from "@/components/ui/form-dialog";
import { PlusIcon } from "@/components/ui/icons";
import { isApiError } from "@/lib/queries/client";
import { type Environment, type UpdateEnvironmentBody, useCreateEnvironment, useUpdateEnvironment } from "@/lib/queries/environments";

/** The fields the form shows, as the server names them in `invalid_params`; env var findings are listed under the editor. */
const FIELDS = ["name", "description", "config.allowedRoot", "config.pathPrefix"] as const;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

type EnvironmentFields = Required<Pick<UpdateEnvironmentBody, "name" | "description" | "config" | "envVars">>;
type EnvRow = { rowId: number; key: string; value: string };

/** Create a local environment, or edit one (the instance default included: it can be edited, never archived). */
export function EnvironmentDialog({
  companyId,
  environment,
  open,
  onClose,
}: {
  companyId: string;
  environment: Environment | null;
  open: boolean;
  onClose: () => void;
}) {
  return environment ? (
    <EditEnvironmentDialog environment={environment} open={open} onClose={onClose} />
  ) : (
    <CreateEnvironmentDialog companyId={companyId} open={open} onClose={onClose} />
  );
}

function CreateEnvironmentDialog({ companyId, open, onClose }: { companyId: string; open: boolean; onClose: () => void }) {
  return (
    <MutationDialog
      open={open}
      onClose={onClose}
      title="New environment"
      description="A named place where agent runs and workspace commands execute on this server."
      mutation={useCreateEnvironment(companyId)}
      className="max-w-2xl"
    >
      {(form) => (
        <EnvironmentForm {...form} environment={null} submitLabel="Create environment" onSubmit={(fields) => form.onSubmit({ driver: "local", ...fields })} />
      )}
    </MutationDialog>
  );
}

function EditEnvironmentDialog({ environment, open, onClose }: { environment: Environment; open: boolean; onClose: () => void }) {
  return (
    <MutationDialog
      open={open}
      onClose={onClose}
      title={`Edit ${environment.name}`}
      description={
        environment.isDefault
          ? "The instance default: runs use it when nothing else names an environment. It can be edited but not archived or deleted."
          : undefined
      }
      mutation={useUpdateEnvironment()}
      className="max-w-2xl"
    >
      {(form) => (
        <EnvironmentForm
          {...form}
          environment={environment}
          submitLabel="Save changes"
          onSubmit={(fields) => form.onSubmit({ environmentId: environment.id, body: fields })}
        />
      )}
    </MutationDialog>
  );
}

function EnvironmentForm({
  environment,
  pending,
  error,
  onCancel,
  onSubmit,
  submitLabel,
}: Omit<MutationFormProps<unknown>, "onSubmit"> & { environment: Environment | null; onSubmit: (fields: EnvironmentFields) => void; submitLabel: string }) {
  const id = useId();
  const [rows, setRows] = useState<EnvRow[]>(() => Object.entries(environment?.envVars ?? {}).map(([key, value], rowId) => ({ rowId, key, value })));
  // Row ids only key the list and its errors; new rows continue after the ones the environment came with.
  const nextRowId = useRef(rows.length);
  const [local, setLocal] = useState<{ name?: string; rows?: Record<number, string> }>({});
  const rowRefs = useRef(new Map<number, HTMLInputElement>());

  const { fieldErrors, formError } = splitError(error, FIELDS, ["envVars"]);
  const nameError = local.name ?? fieldErrors.name;
  const serverEnvErrors = isApiError(error) ? Object.entries(error.fieldErrors()).filter(([name]) => name === "envVars" || name.startsWith("envVars.")) : [];

  function addRow() {
    const row: EnvRow = { rowId: nextRowId.current++, key: "", value: "" };
    setRows((previous) => [...previous, row]);
    // Focus the new name box once it is on screen, so adding is one keystroke away from typing.
    requestAnimationFrame(() => rowRefs.current.get(row.rowId)?.focus());
  }

  function submit(form: FormData) {
    const name = formText(form, "name");
    const rowErrors: Record<number, string> = {};
    const envVars: Record<string, string> = {};
    for (const row of rows) {
      const key = row.key.trim();
      if (!key && !row.value) continue;
      if (!key) rowErrors[row.rowId] = "Give this variable a name.";
      else if (!ENV_KEY.test(key)) rowErrors[row.rowId] = "Letters, digits and _ only, not starting with a digit.";
      else if (key in envVars) rowErrors[row.rowId] = `${key} is listed twice.`;
      else envVars[key] = row.value;
    }
    const findings = { name: name ? undefined : "An environment needs a name.", rows: Object.keys(rowErrors).length ? rowErrors : undefined };
    setLocal(findings);
    if (findings.name || findings.rows) return;
    onSubmit({
      name,
      description: formText(form, "description") || null,
      config: { allowedRoot: formText(form, "allowedRoot") || null, pathPrefix: formText(form, "pathPrefix") || null },
      envVars,
    });
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel={submitLabel}>
      <Field id={`${id}-name`} label="Name" error={nameError}>
        <Input
          {...fieldProps(`${id}-name`, nameError)}
          name="name"
          defaultValue={environment?.name ?? ""}
          required
          maxLength={120}
          autoFocus
          autoComplete="off"
        />
      </Field>
      <Field id={`${id}-description`} label="Description" optional error={fieldErrors.description}>
        <Textarea
          {...fieldProps(`${id}-description`, fieldErrors.description)}
          name="description"
          defaultValue={environment?.description ?? ""}
          rows={2}
          maxLength={2_000}
        />
      </Field>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Field
          id={`${id}-root`}
          label="Allowed root folder"
          optional
          error={fieldErrors["config.allowedRoot"]}
          hint="Workspaces and runs must stay inside this absolute path. Empty: anywhere."
        >
          <Input
            {...fieldProps(`${id}-root`, fieldErrors["config.allowedRoot"], true)}
            name="allowedRoot"
            defaultValue={environment?.config.allowedRoot ?? ""}
            placeholder="/srv/agents"
            autoComplete="off"
            spellCheck={false}
            className="font-mono text-xs"
          />
        </Field>
        <Field
          id={`${id}-path`}
          label="PATH prefix"
          optional
          error={fieldErrors["config.pathPrefix"]}
          hint="Put in front of PATH for runs and commands here, e.g. a toolchain's bin folder."
        >
          <Input
            {...fieldProps(`${id}-path`, fieldErrors["config.pathPrefix"], true)}
            name="pathPrefix"
            defaultValue={environment?.config.pathPrefix ?? ""}
            placeholder="/opt/node22/bin"
            autoComplete="off"
            spellCheck={false}
            className="font-mono text-xs"
          />
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Environment variables <span className="font-normal text-zinc-400 dark:text-zinc-500">(optional)</span>
        </legend>
        {rows.length === 0 ? (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            None. Runs get PATH, HOME, LANG and the PAPERCLIP_* variables; add any others they need here.
          </p>
        ) : (
          <ul className="space-y-2" aria-label="Environment variables">
            {rows.map((row, index) => {
              const rowError = local.rows?.[row.rowId];
              const errorId = `${id}-row-${row.rowId}-error`;
              return (
                <li key={row.rowId}>
                  <div className="flex items-start gap-2">
                    <Input
                      ref={(element) => {
                        if (element) rowRefs.current.set(row.rowId, element);
                        else rowRefs.current.delete(row.rowId);
                      }}
                      aria-label={`Variable ${index + 1} name`}
                      aria-invalid={rowError ? true : undefined}
                      aria-describedby={rowError ? errorId : undefined}
                      value={row.key}
                      onChange={(event) =>
                        setRows((previous) =>
                          previous.map((candidate) => (candidate.rowId === row.rowId ? { ...candidate, key: event.target.value } : candidate)),
                        )
                      }
                      placeholder="NAME"
                      autoComplete="off"
                      spellCheck={false}
                      className="w-2/5 font-mono text-xs"
                    />
                    <Input
                      aria-label={`Variable ${index + 1} value`}
                      value={row.value}
                      onChange={(event) =>
                        setRows((previous) =>
                          previous.map((candidate) => (candidate.rowId === row.rowId ? { ...candidate, value: event.target.value } : candidate)),
                        )
                      }
                      placeholder="value"
                      autoComplete="off"
                      spellCheck={false}
                      className="min-w-0 flex-1 font-mono text-xs"
                    />
                    <Button
                      variant="ghost"
                      aria-label={`Remove variable ${row.key.trim() || index + 1}`}
                      onClick={() => setRows((previous) => previous.filter((candidate) => candidate.rowId !== row.rowId))}
                    >
                      Remove
                    </Button>
                  </div>
                  {rowError ? (
                    <p id={errorId} className="mt-1 text-xs text-red-600 dark:text-red-400">
                      {rowError}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        {serverEnvErrors.length ? (
          <ul role="alert" className="space-y-0.5 text-xs text-red-600 dark:text-red-400">
            {serverEnvErrors.map(([name, reason]) => (
              <li key={name}>{name === "envVars" ? reason : `${name.slice("envVars.".length)}: ${reason}`}</li>
            ))}
          </ul>
        ) : null}
        <Button size="sm" onClick={addRow}>
          <PlusIcon className="size-3.5" />
          Add variable
        </Button>
      </fieldset>
    </DialogForm>
  );
}
