"use client";

import { useId, useState } from "react";
import { useBoard } from "@/components/board/board-context";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { splitError } from "@/components/ui/errors";
import { Checkbox, Field, FormError, Input, Options, RecordOptions, Select, Textarea, fieldProps, formText } from "@/components/ui/form";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { useAgents } from "@/lib/queries/agents";
import { isApiError } from "@/lib/queries/client";
import { useProjects } from "@/lib/queries/projects";
import {
  type CatchUpPolicy,
  type ConcurrencyPolicy,
  type Routine,
  type RoutineBody,
  type RoutineVariable,
  type SecretMaterial,
  useSaveRoutineWithTrigger,
  useUpdateRoutine,
  useWorkspaceChoices,
} from "@/lib/queries/routines";
import { useWorkspacesEnabled } from "@/lib/queries/workspaces";
import { ISSUE_PRIORITIES } from "@/lib/schemas/values";
import { CATCH_UP_WORDS, CONCURRENCY_WORDS, WebhookUrl } from "./labels";
import { SIGNING_WORDS, ScheduleFields, type TriggerChoice, TriggerKindPicker, WebhookFields, readTrigger } from "./trigger-fields";

const ROUTINE_FIELDS = [
  "title",
  "description",
  "assigneeAgentId",
  "projectId",
  "executionWorkspaceId",
  "priority",
  "concurrencyPolicy",
  "catchUpPolicy",
] as const;
const TRIGGER_FIELDS = ["cronExpression", "timezone", "signingMode", "replayWindowSec"] as const;
const VARIABLE_TYPES = ["text", "number", "boolean", "select"] as const;

/** What the create dialog can start from: the workspace tab's "New routine" links here with its workspace and project. */
export type RoutinePreset = { projectId?: string; executionWorkspaceId?: string };

/** The hint under the templates: the variables a routine's title and description may use. */
export function TemplateHint({ variables }: { variables: string[] }) {
  const code = (name: string) => <code key={name} className="rounded bg-zinc-100 px-1 font-mono text-[11px] dark:bg-zinc-800">{`{{${name}}}`}</code>;
  const names = ["date", "datetime", "workspace.name", "workspace.branch", "workspace.path", ...variables];
  return (
    <>
      Filled in at each run:{" "}
      {names.map((name, index) => (
        <span key={name}>
          {index ? ", " : null}
          {code(name)}
        </span>
      ))}
      . The workspace ones need a workspace (bound here, or chosen when you run it).
    </>
  );
}

type VariableRow = { key: number; name: string; label: string; type: RoutineVariable["type"]; defaultValue: string; required: boolean; options: string };

const toRow = (variable: RoutineVariable, key: number): VariableRow => ({
  key,
  name: variable.name,
  label: variable.label ?? "",
  type: variable.type,
  defaultValue: variable.defaultValue === null || variable.defaultValue === undefined ? "" : String(variable.defaultValue),
  required: Boolean(variable.required),
  options: (variable.options ?? []).join(", "),
});

function toVariable(row: VariableRow): RoutineVariable {
  const variable: RoutineVariable = { name: row.name.trim(), type: row.type, required: row.required };
  if (row.label.trim()) variable.label = row.label.trim();
  const fallback = row.defaultValue.trim();
  if (fallback) variable.defaultValue = row.type === "number" ? Number(fallback) : row.type === "boolean" ? fallback === "true" : fallback;
  if (row.type === "select") {
    variable.options = row.options
      .split(",")
      .map((option) => option.trim())
      .filter(Boolean);
  }
  return variable;
}

/** The server's complaints about `variables[…]`, as one sentence under the variables editor. */
function variablesError(error: unknown): string | undefined {
  if (!isApiError(error)) return undefined;
  const reasons = error.invalidParams
    .filter((param) => /^(body\.)?variables/.test(param.name))
    .map((param) => `${param.name.replace(/^body\./, "")}: ${param.reason}`);
  return reasons.length ? reasons.join("; ") : undefined;
}

/** Declared variables: what a run may be given (and must be, when required), each usable in the templates as {{name}}. */
function VariablesEditor({
  rows,
  onChange,
  error,
  idPrefix,
}: {
  rows: VariableRow[];
  onChange: (rows: VariableRow[]) => void;
  error?: string;
  idPrefix: string;
}) {
  const update = (key: number, patch: Partial<VariableRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Variables <span className="font-normal text-zinc-400 dark:text-zinc-500">(optional)</span>
      </legend>
      {rows.map((row, index) => {
        const id = `${idPrefix}-${row.key}`;
        return (
          <div key={row.key} className="grid grid-cols-2 gap-2 rounded-md border border-zinc-200 p-2 sm:grid-cols-[1fr_7rem_1fr_auto] dark:border-zinc-800">
            <Input
              aria-label={`Variable ${index + 1} name`}
              id={`${id}-name`}
              value={row.name}
              onChange={(event) => update(row.key, { name: event.target.value })}
              placeholder="name"
              className="font-mono"
              autoComplete="off"
            />
            <Select
              aria-label={`Variable ${index + 1} type`}
              value={row.type}
              onChange={(event) => update(row.key, { type: event.target.value as VariableRow["type"] })}
            >
              <Options values={VARIABLE_TYPES} />
            </Select>
            <Input
              aria-label={`Variable ${index + 1} default`}
              value={row.defaultValue}
              onChange={(event) => update(row.key, { defaultValue: event.target.value })}
              placeholder="default"
              autoComplete="off"
            />
            <div className="flex items-center gap-2">
              <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                <Checkbox checked={row.required} onChange={(event) => update(row.key, { required: event.target.checked })} />
                Required
              </label>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove variable ${row.name || index + 1}`}
                onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
              >
                Remove
              </Button>
            </div>
            {row.type === "select" ? (
              <Input
                aria-label={`Variable ${index + 1} options`}
                value={row.options}
                onChange={(event) => update(row.key, { options: event.target.value })}
                placeholder="options, comma separated"
                className="col-span-full"
                autoComplete="off"
              />
            ) : null}
          </div>
        );
      })}
      {error ? <p className="text-xs text-red-600 dark:text-red-400">{error}</p> : null}
      <Button
        size="sm"
        onClick={() => onChange([...rows, { key: Date.now(), name: "", label: "", type: "text", defaultValue: "", required: false, options: "" }])}
      >
        Add variable
      </Button>
    </fieldset>
  );
}

/** The routine's own fields, shared by create and edit. */
function RoutineFields({
  companyId,
  routine,
  preset,
  idPrefix,
  errors,
  variableRows,
  onVariableRows,
  variableError,
}: {
  companyId: string;
  routine: Routine | null;
  preset: RoutinePreset;
  idPrefix: string;
  errors: Record<string, string | undefined>;
  variableRows: VariableRow[];
  onVariableRows: (rows: VariableRow[]) => void;
  variableError?: string;
}) {
  const { experimental } = useBoard();
  const workspacesEnabled = useWorkspacesEnabled(experimental);
  const agents = useAgents(companyId);
  const projects = useProjects(companyId);
  const [projectId, setProjectId] = useState(routine?.projectId ?? preset.projectId ?? "");
  const workspaces = useWorkspaceChoices(companyId, projectId || null, workspacesEnabled);
  const boundWorkspace = routine?.executionWorkspaceId ?? preset.executionWorkspaceId ?? "";
  const workspaceOptions = workspaces.data ?? [];
  const field = (name: string) => ({ id: `${idPrefix}-${name}`, error: errors[name] });
  const variableNames = variableRows.map((row) => row.name.trim()).filter(Boolean);
  return (
    <>
      <Field {...field("title")} label="Title template" hint={<TemplateHint variables={variableNames} />}>
        <Input
          {...fieldProps(`${idPrefix}-title`, errors.title, true)}
          name="title"
          defaultValue={routine?.title ?? ""}
          required
          maxLength={500}
          autoFocus
          autoComplete="off"
          placeholder="Daily triage {{date}}"
        />
      </Field>
      <Field {...field("description")} label="Description template" optional>
        <Textarea
          {...fieldProps(`${idPrefix}-description`, errors.description)}
          name="description"
          defaultValue={routine?.description ?? ""}
          rows={3}
          maxLength={50_000}
        />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field {...field("assigneeAgentId")} label="Assignee agent">
          <Select
            {...fieldProps(`${idPrefix}-assigneeAgentId`, errors.assigneeAgentId)}
            name="assigneeAgentId"
            defaultValue={routine?.assigneeAgentId ?? agents.data?.[0]?.id ?? ""}
            key={agents.data ? "agents" : "loading"}
          >
            <RecordOptions none="No one" records={agents.data ?? []} label={(agent) => agent.name} />
          </Select>
        </Field>
        <Field {...field("projectId")} label="Project" optional>
          <Select
            {...fieldProps(`${idPrefix}-projectId`, errors.projectId)}
            name="projectId"
            value={projectId}
            onChange={(event) => setProjectId(event.target.value)}
          >
            <RecordOptions none="No project" records={projects.data ?? []} label={(project) => project.name} />
          </Select>
        </Field>
        {workspacesEnabled && projectId ? (
          <Field {...field("executionWorkspaceId")} label="Workspace" optional hint="Issues run there, and its variables fill the templates.">
            <Select
              {...fieldProps(`${idPrefix}-executionWorkspaceId`, errors.executionWorkspaceId, true)}
              name="executionWorkspaceId"
              defaultValue={boundWorkspace}
              key={`${projectId}-${workspaces.data ? "loaded" : "loading"}`}
            >
              <option value="">Any (chosen per run)</option>
              {boundWorkspace && !workspaceOptions.some((workspace) => workspace.id === boundWorkspace) ? (
                <option value={boundWorkspace}>This workspace</option>
              ) : null}
              {workspaceOptions.map((workspace) => (
                <option key={workspace.id} value={workspace.id}>
                  {workspace.name}
                  {workspace.branchName ? ` (${workspace.branchName})` : ""}
                </option>
              ))}
            </Select>
          </Field>
        ) : boundWorkspace ? (
          <input type="hidden" name="executionWorkspaceId" value={boundWorkspace} />
        ) : null}
        <Field {...field("priority")} label="Priority">
          <Select {...fieldProps(`${idPrefix}-priority`, errors.priority)} name="priority" defaultValue={routine?.priority ?? "medium"}>
            <Options values={ISSUE_PRIORITIES} />
          </Select>
        </Field>
        <Field {...field("concurrencyPolicy")} label="When the last issue is still open">
          <Select
            {...fieldProps(`${idPrefix}-concurrencyPolicy`, errors.concurrencyPolicy)}
            name="concurrencyPolicy"
            defaultValue={routine?.concurrencyPolicy ?? "skip_if_active"}
          >
            {(Object.keys(CONCURRENCY_WORDS) as ConcurrencyPolicy[]).map((policy) => (
              <option key={policy} value={policy}>
                {CONCURRENCY_WORDS[policy]}
              </option>
            ))}
          </Select>
        </Field>
        <Field {...field("catchUpPolicy")} label="Missed schedule slots">
          <Select
            {...fieldProps(`${idPrefix}-catchUpPolicy`, errors.catchUpPolicy)}
            name="catchUpPolicy"
            defaultValue={routine?.catchUpPolicy ?? "skip_missed"}
          >
            {(Object.keys(CATCH_UP_WORDS) as CatchUpPolicy[]).map((policy) => (
              <option key={policy} value={policy}>
                {CATCH_UP_WORDS[policy]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <VariablesEditor rows={variableRows} onChange={onVariableRows} error={variableError} idPrefix={`${idPrefix}-variable`} />
    </>
  );
}

/** The body a submitted form describes; editing sends cleared optional fields as null so they are unset. */
function readRoutine(form: FormData, rows: VariableRow[], editing: boolean): RoutineBody {
  const optional = (name: string) => formText(form, name) || (editing ? null : undefined);
  const body: RoutineBody = {
    title: formText(form, "title"),
    description: optional("description"),
    assigneeAgentId: optional("assigneeAgentId"),
    projectId: optional("projectId"),
    executionWorkspaceId: optional("executionWorkspaceId"),
    priority: formText(form, "priority"),
    concurrencyPolicy: formText(form, "concurrencyPolicy") as ConcurrencyPolicy,
    catchUpPolicy: formText(form, "catchUpPolicy") as CatchUpPolicy,
    variables: rows.filter((row) => row.name.trim()).map(toVariable),
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as RoutineBody;
}

function localVariableProblem(rows: VariableRow[]): string | false {
  const names = rows.map((row) => row.name.trim()).filter(Boolean);
  if (names.some((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))) return "Variable names are letters, digits and underscores, starting with a letter";
  if (new Set(names).size !== names.length) return "Two variables share a name";
  return false;
}

/**
 * New routine: its templates and settings plus a first trigger, saved in one submit. A webhook's secret is shown once,
 * in the dialog, before it closes. If the routine saved but its trigger was refused, the dialog stays open on the
 * trigger's errors and the next submit updates that routine instead of creating another.
 */
export function NewRoutineDialog({
  open,
  onClose,
  companyId,
  preset = {},
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  companyId: string;
  preset?: RoutinePreset;
  onCreated?: (routine: Routine) => void;
}) {
  const save = useSaveRoutineWithTrigger(companyId);
  const [secret, setSecret] = useState<{ routine: Routine; material: SecretMaterial } | null>(null);
  const close = () => {
    if (save.isPending) return;
    save.reset();
    setSecret(null);
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title="New routine"
      description="An issue template that an agent gets on a schedule, on a webhook, or when you run it."
      className="max-w-2xl"
    >
      {secret ? (
        <WebhookSecretNotice
          material={secret.material}
          onDone={() => {
            const created = secret.routine;
            close();
            onCreated?.(created);
          }}
        />
      ) : (
        <NewRoutineForm
          companyId={companyId}
          preset={preset}
          pending={save.isPending}
          error={save.error}
          onCancel={close}
          onSubmit={(input, onTriggerError) =>
            save.mutate(input, {
              onSuccess: (result) => {
                if (result.triggerError) return onTriggerError(result.routine.id, result.triggerError);
                if (result.trigger?.secretMaterial) return setSecret({ routine: result.routine, material: result.trigger.secretMaterial });
                close();
                onCreated?.(result.routine);
              },
            })
          }
        />
      )}
    </Dialog>
  );
}

function NewRoutineForm({
  companyId,
  preset,
  pending,
  error,
  onCancel,
  onSubmit,
}: {
  companyId: string;
  preset: RoutinePreset;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (input: Parameters<ReturnType<typeof useSaveRoutineWithTrigger>["mutate"]>[0], onTriggerError: (routineId: string, error: unknown) => void) => void;
}) {
  const id = useId();
  const [rows, setRows] = useState<VariableRow[]>([]);
  const [kind, setKind] = useState<TriggerChoice>("schedule");
  const [savedRoutineId, setSavedRoutineId] = useState<string | null>(null);
  const [triggerError, setTriggerError] = useState<unknown>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const routineErrors = splitError(error, ROUTINE_FIELDS, ["variables"]);
  const triggerErrors = splitError(triggerError, TRIGGER_FIELDS);
  const errors: Record<string, string | undefined> = { ...routineErrors.fieldErrors, ...triggerErrors.fieldErrors, ...localErrors };
  const formError = routineErrors.formError ?? (triggerErrors.formError ? `The routine was saved, but its trigger was not: ${triggerErrors.formError}` : null);

  function submit(form: FormData) {
    const body = readRoutine(form, rows, false);
    const trigger = readTrigger(form, kind);
    const findings = { title: !body.title && "Enter a title", variables: localVariableProblem(rows), ...trigger.errors };
    const failed = Object.fromEntries(Object.entries(findings).filter((finding): finding is [string, string] => finding[1] !== false));
    setLocalErrors(failed);
    if (Object.keys(failed).length) return;
    setTriggerError(null);
    onSubmit({ routineId: savedRoutineId, body, trigger: trigger.body }, (routineId, problem) => {
      setSavedRoutineId(routineId);
      setTriggerError(problem);
    });
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit(new FormData(event.currentTarget));
      }}
      className="space-y-4"
      noValidate
    >
      <FormError>{formError}</FormError>
      <RoutineFields
        companyId={companyId}
        routine={null}
        preset={preset}
        idPrefix={id}
        errors={errors}
        variableRows={rows}
        onVariableRows={setRows}
        variableError={errors.variables ?? variablesError(error)}
      />
      <fieldset className="space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <legend className="sr-only">First trigger</legend>
        <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">What runs it</p>
        <TriggerKindPicker name={`${id}-kind`} value={kind} onChange={setKind} allowNone />
        {kind === "schedule" ? (
          <ScheduleFields idPrefix={`${id}-schedule`} errors={errors} onEdit={() => setLocalErrors(({ cronExpression: _fixed, ...rest }) => rest)} />
        ) : null}
        {kind === "webhook" ? <WebhookFields idPrefix={`${id}-webhook`} errors={errors} /> : null}
      </fieldset>
      <DialogFooter>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          {savedRoutineId ? "Save and add trigger" : "Create routine"}
        </Button>
      </DialogFooter>
    </form>
  );
}

/** Edit the routine's templates and settings; triggers are managed on its page. */
export function EditRoutineDialog({ open, onClose, routine }: { open: boolean; onClose: () => void; routine: Routine }) {
  const update = useUpdateRoutine(routine.id);
  const close = () => {
    if (update.isPending) return;
    update.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="Edit routine" className="max-w-2xl">
      <EditRoutineForm
        routine={routine}
        pending={update.isPending}
        error={update.error}
        onCancel={close}
        onSubmit={(body) => update.mutate(body, { onSuccess: close })}
      />
    </Dialog>
  );
}

function EditRoutineForm({
  routine,
  pending,
  error,
  onCancel,
  onSubmit,
}: {
  routine: Routine;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (body: RoutineBody) => void;
}) {
  const id = useId();
  const [rows, setRows] = useState<VariableRow[]>(() => routine.variables.map(toRow));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const server = splitError(error, ROUTINE_FIELDS, ["variables"]);
  const errors: Record<string, string | undefined> = { ...server.fieldErrors, ...localErrors };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const body = readRoutine(new FormData(event.currentTarget), rows, true);
        const findings = { title: !body.title && "Enter a title", variables: localVariableProblem(rows) };
        const failed = Object.fromEntries(Object.entries(findings).filter((finding): finding is [string, string] => finding[1] !== false));
        setLocalErrors(failed);
        if (!Object.keys(failed).length) onSubmit(body);
      }}
      className="space-y-4"
      noValidate
    >
      <FormError>{server.formError}</FormError>
      <RoutineFields
        companyId={routine.companyId}
        routine={routine}
        preset={{}}
        idPrefix={id}
        errors={errors}
        variableRows={rows}
        onVariableRows={setRows}
        variableError={errors.variables ?? variablesError(error)}
      />
      <DialogFooter>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          Save changes
        </Button>
      </DialogFooter>
    </form>
  );
}

/** A webhook's URL and its secret, shown once (on create and on rotate): copy them now, they are not shown again. */
export function WebhookSecretNotice({ material, onDone }: { material: SecretMaterial; onDone: () => void }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        Send calls to <WebhookUrl url={material.webhookUrl} />{" "}
        {material.signingMode === "bearer" ? "with this secret as a bearer token." : `signed with this secret (${SIGNING_WORDS[material.signingMode]}).`}
      </p>
      <SecretReveal token={material.secret} label="Webhook secret" onDone={onDone} />
    </div>
  );
}
