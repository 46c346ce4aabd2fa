"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { splitError } from "@/components/ui/errors";
import { Checkbox, Field, FormError, Input, SaveBar, Textarea, fieldProps } from "@/components/ui/form";
import { type CreateProjectWorkspaceBody, type ProjectWorkspace, useCreateProjectWorkspace, useUpdateProjectWorkspace } from "@/lib/queries/workspaces";
import { AdvancedRuntimeJson, parseRuntimeJson, runtimeErrorsFrom } from "./runtime-json";

const TEXT_FIELDS = [
  { key: "name", label: "Name", hint: "e.g. main", mono: false },
  { key: "cwd", label: "Working directory", hint: "Absolute path of the project's checkout; isolated workspaces branch from it.", mono: true },
  { key: "repoUrl", label: "Repo URL", hint: "The remote it was cloned from (optional).", mono: true },
  { key: "repoRef", label: "Base ref", hint: "What new workspaces branch from, e.g. main or origin/main. Defaults to HEAD.", mono: true },
] as const;
const COMMAND_FIELDS = [
  { key: "setupCommand", label: "Setup command", hint: "Runs in each new isolated workspace, e.g. npm ci." },
  { key: "cleanupCommand", label: "Cleanup command", hint: "Runs before a workspace carved from this one is torn down." },
] as const;
const FIELDS: readonly string[] = [...TEXT_FIELDS.map((field) => field.key), ...COMMAND_FIELDS.map((field) => field.key), "isPrimary"];

type Values = Record<(typeof TEXT_FIELDS)[number]["key"] | (typeof COMMAND_FIELDS)[number]["key"], string> & { isPrimary: boolean; runtimeJson: string };

function initialValues(workspace: ProjectWorkspace | null): Values {
  const runtime = (workspace?.runtimeConfig as { workspaceRuntime?: unknown } | null)?.workspaceRuntime;
  return {
    name: workspace?.name ?? "",
    cwd: workspace?.cwd ?? "",
    repoUrl: workspace?.repoUrl ?? "",
    repoRef: workspace?.repoRef ?? "",
    setupCommand: workspace?.setupCommand ?? "",
    cleanupCommand: workspace?.cleanupCommand ?? "",
    isPrimary: workspace?.isPrimary ?? false,
    runtimeJson: runtime ? JSON.stringify(runtime, null, 2) : "",
  };
}

/**
 * A project workspace's fields, checked before sending: a name, and runtime JSON that parses to an object (blank
 * means none). The server's field errors land under their fields, runtime findings under the JSON.
 */
function ProjectWorkspaceFields({
  workspace,
  pending,
  error,
  onSubmit,
  footer,
}: {
  workspace: ProjectWorkspace | null;
  pending: boolean;
  error: unknown;
  onSubmit: (body: CreateProjectWorkspaceBody) => void;
  footer: (state: { dirty: boolean; reset: () => void }) => React.ReactNode;
}) {
  const id = useId();
  const [values, setValues] = useState(() => initialValues(workspace));
  const [local, setLocal] = useState<{ name?: string; runtime?: string }>({});
  const initial = initialValues(workspace);
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);
  const set = (patch: Partial<Values>) => setValues((previous) => ({ ...previous, ...patch }));

  // Runtime findings are listed under the JSON, so they don't count as unmatched.
  const { fieldErrors: server, formError } = splitError(error, FIELDS, ["runtimeConfig"]);
  const fieldError = (key: string) => (key === "name" ? local.name : undefined) ?? server[key];
  const runtimeErrors = [...(local.runtime ? [local.runtime] : []), ...runtimeErrorsFrom(error, "runtimeConfig")];

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const findings: typeof local = {};
    if (!values.name.trim()) findings.name = "A workspace needs a name.";
    let workspaceRuntime: Record<string, unknown> | null = null;
    if (values.runtimeJson.trim()) {
      const parsed = parseRuntimeJson(values.runtimeJson);
      if (parsed.ok) workspaceRuntime = parsed.value;
      else findings.runtime = parsed.error;
    }
    setLocal(findings);
    if (findings.name || findings.runtime) return;
    const text = (value: string) => value.trim() || null;
    const existing = (workspace?.runtimeConfig ?? null) as Record<string, unknown> | null;
    onSubmit({
      name: values.name.trim(),
      cwd: text(values.cwd),
      repoUrl: text(values.repoUrl),
      repoRef: text(values.repoRef),
      setupCommand: text(values.setupCommand),
      cleanupCommand: text(values.cleanupCommand),
      // Left out on create unless ticked, so a project's first workspace becomes its primary.
      isPrimary: workspace || values.isPrimary ? values.isPrimary : undefined,
      // Other runtime keys (desired states) are the server's to keep.
      runtimeConfig: workspaceRuntime ? { ...(existing ?? {}), workspaceRuntime } : existing ? { ...existing, workspaceRuntime: null } : null,
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <FormError>{formError}</FormError>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        {TEXT_FIELDS.map((field) => (
          <Field key={field.key} id={`${id}-${field.key}`} label={field.label} hint={field.hint} error={fieldError(field.key)} optional={field.key !== "name"}>
            <Input
              {...fieldProps(`${id}-${field.key}`, fieldError(field.key), true)}
              value={values[field.key]}
              onChange={(event) => set({ [field.key]: event.target.value })}
              className={field.mono ? "font-mono text-xs" : undefined}
              spellCheck={false}
            />
          </Field>
        ))}
      </div>
      {COMMAND_FIELDS.map((field) => (
        <Field key={field.key} id={`${id}-${field.key}`} label={field.label} hint={field.hint} error={fieldError(field.key)} optional>
          <Textarea
            {...fieldProps(`${id}-${field.key}`, fieldError(field.key), true)}
            value={values[field.key]}
            onChange={(event) => set({ [field.key]: event.target.value })}
            rows={2}
            spellCheck={false}
            className="min-h-0 font-mono text-xs"
          />
        </Field>
      ))}
      <label className="flex items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
        <Checkbox checked={values.isPrimary} onChange={(event) => set({ isPrimary: event.target.checked })} />
        Primary workspace (isolated workspaces branch from it by default)
      </label>
      <AdvancedRuntimeJson text={values.runtimeJson} onTextChange={(runtimeJson) => set({ runtimeJson })} errors={runtimeErrors} />
      {footer({
        dirty,
        reset: () => {
          setValues(initial);
          setLocal({});
        },
      })}
      {pending ? (
        <span className="sr-only" role="status">
          Saving…
        </span>
      ) : null}
    </form>
  );
}

/** Add or edit a project workspace in a dialog (the project's Workspaces tab). */
export function ProjectWorkspaceDialog({
  projectId,
  workspace,
  open,
  onClose,
}: {
  projectId: string;
  workspace: ProjectWorkspace | null;
  open: boolean;
  onClose: () => void;
}) {
  const create = useCreateProjectWorkspace(projectId);
  const update = useUpdateProjectWorkspace(projectId);
  const mutation = workspace ? update : create;
  const close = () => {
    if (mutation.isPending) return;
    create.reset();
    update.reset();
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title={workspace ? `Edit ${workspace.name}` : "Add project workspace"}
      description="A checkout of the project's code that isolated workspaces branch from and whose services you can run."
      className="max-w-2xl"
    >
      <ProjectWorkspaceFields
        workspace={workspace}
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={(body) => {
          const finish = () => {
            create.reset();
            update.reset();
            onClose();
          };
          if (workspace) update.mutate({ workspaceId: workspace.id, body }, { onSuccess: finish });
          else create.mutate(body, { onSuccess: finish });
        }}
        footer={() => (
          <DialogFooter>
            <Button onClick={close} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={mutation.isPending}>
              {workspace ? "Save changes" : "Add workspace"}
            </Button>
          </DialogFooter>
        )}
      />
    </Dialog>
  );
}

/** The same fields inline, with Save changes and Reset (a project workspace's Configuration tab). */
export function ProjectWorkspaceSettings({ workspace, canAdmin }: { workspace: ProjectWorkspace; canAdmin: boolean }) {
  const update = useUpdateProjectWorkspace(workspace.projectId);
  const [generation, setGeneration] = useState(0);
  const [saved, setSaved] = useState(false);
  if (!canAdmin) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400">
        Only company owners can change a project workspace: its path and commands decide what runs on this server.
      </p>
    );
  }
  return (
    <ProjectWorkspaceFields
      key={generation}
      workspace={workspace}
      pending={update.isPending}
      error={update.error}
      onSubmit={(body) => {
        setSaved(false);
        update.mutate(
          { workspaceId: workspace.id, body },
          {
            onSuccess: () => {
              setSaved(true);
              setGeneration((value) => value + 1);
            },
          },
        );
      }}
      footer={({ dirty, reset }) => (
        <SaveBar
          saved={saved}
          dirty={dirty}
          pending={update.isPending}
          onReset={() => {
            reset();
            update.reset();
          }}
        />
      )}
    />
  );
}
