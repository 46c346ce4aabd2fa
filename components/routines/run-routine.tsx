"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { splitError } from "@/components/ui/errors";
import { Checkbox, Field, FormError, Input, Select, fieldProps } from "@/components/ui/form";
import { errorMessage } from "@/lib/queries/client";
import { type Routine, type RoutineVariable, type RunResult, useRunRoutine } from "@/lib/queries/routines";
import { IssueLink, RunStatusBadge } from "./labels";

/** A variable's value as its form control holds it, typed for the run's body. */
function typedValue(variable: RoutineVariable, form: FormData): unknown {
  if (variable.type === "boolean") return form.get(variable.name) === "on";
  const text = String(form.get(variable.name) ?? "").trim();
  if (text === "") return undefined;
  return variable.type === "number" ? Number(text) : text;
}

function VariablesForm({
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
  onSubmit: (variables: Record<string, unknown>) => void;
}) {
  const id = useId();
  const names = routine.variables.map((variable) => variable.name);
  const server = splitError(
    error,
    names.flatMap((name) => [`variables.${name}`, `payload.${name}`]),
  );
  const [local, setLocal] = useState<Record<string, string>>({});
  const errorFor = (name: string) => local[name] ?? server.fieldErrors[`variables.${name}`] ?? server.fieldErrors[`payload.${name}`];
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const values: Record<string, unknown> = {};
        const problems: Record<string, string> = {};
        for (const variable of routine.variables) {
          const value = typedValue(variable, form);
          if (value === undefined) {
            if (variable.required && (variable.defaultValue === undefined || variable.defaultValue === null || variable.defaultValue === ""))
              problems[variable.name] = "Required";
            continue;
          }
          if (variable.type === "number" && Number.isNaN(value)) problems[variable.name] = "Enter a number";
          values[variable.name] = value;
        }
        setLocal(problems);
        if (!Object.keys(problems).length) onSubmit(values);
      }}
      className="space-y-4"
      noValidate
    >
      <FormError>{server.formError}</FormError>
      {routine.variables.map((variable) => {
        const fieldId = `${id}-${variable.name}`;
        const label = variable.label || variable.name;
        const fallback = variable.defaultValue === null || variable.defaultValue === undefined ? "" : String(variable.defaultValue);
        const error = errorFor(variable.name);
        if (variable.type === "boolean") {
          return (
            <label key={variable.name} className="flex items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
              <Checkbox name={variable.name} defaultChecked={variable.defaultValue === true} />
              {label}
            </label>
          );
        }
        return (
          <Field
            key={variable.name}
            id={fieldId}
            label={label}
            optional={!variable.required}
            error={error}
            hint={fallback ? `Default: ${fallback}` : undefined}
          >
            {variable.type === "select" ? (
              <Select {...fieldProps(fieldId, error, Boolean(fallback))} name={variable.name} defaultValue={fallback}>
                {variable.required ? null : <option value="">—</option>}
                {(variable.options ?? []).map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </Select>
            ) : (
              <Input
                {...fieldProps(fieldId, error, Boolean(fallback))}
                name={variable.name}
                type={variable.type === "number" ? "number" : "text"}
                placeholder={fallback}
                autoComplete="off"
              />
            )}
          </Field>
        );
      })}
      <DialogFooter>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          Run now
        </Button>
      </DialogFooter>
    </form>
  );
}

/** What a run came to: the issue it created (linked), or why it made none. */
export function RunOutcome({ result }: { result: RunResult }) {
  const { run, issue } = result;
  const linked = run.linkedIssue ?? (issue ? { id: issue.id, identifier: issue.identifier, title: issue.title, status: issue.status } : null);
  return (
    <span role="status" className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
      <RunStatusBadge status={run.status} />
      {linked ? (
        <>
          <IssueLink issue={linked} />
          <span className="max-w-64 truncate">{linked.title}</span>
        </>
      ) : run.failureReason ? (
        <span>{run.failureReason}</span>
      ) : run.status === "skipped" ? (
        <span>the last issue is still open</span>
      ) : null}
    </span>
  );
}

/**
 * "Run now": fires the routine at once (against `executionWorkspaceId` when given). A routine with declared variables
 * asks for them first. The outcome, with a link to the created issue, shows beside the button.
 */
export function RunRoutineButton({
  routine,
  executionWorkspaceId,
  label = "Run now",
  variant = "primary",
  size,
}: {
  routine: Routine;
  executionWorkspaceId?: string;
  label?: string;
  variant?: "primary" | "secondary";
  size?: "sm" | "md";
}) {
  const run = useRunRoutine(routine.id);
  const [asking, setAsking] = useState(false);
  const fire = (variables?: Record<string, unknown>) =>
    run.mutate({ ...(variables ? { variables } : {}), ...(executionWorkspaceId ? { executionWorkspaceId } : {}) }, { onSuccess: () => setAsking(false) });
  const closeForm = () => {
    if (run.isPending) return;
    run.reset();
    setAsking(false);
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant={variant}
        size={size}
        pending={run.isPending && !asking}
        // The server refuses runs of a paused or archived routine (409 routine_not_active); say so before the click.
        disabled={routine.status !== "active"}
        title={routine.status === "active" ? undefined : "Resume the routine to run it"}
        onClick={() => (routine.variables.length ? setAsking(true) : fire())}
      >
        {label}
      </Button>
      {run.data && !asking ? <RunOutcome result={run.data} /> : null}
      {run.error && !asking ? (
        <span role="alert" className="text-xs text-red-600 dark:text-red-400">
          {errorMessage(run.error)}
        </span>
      ) : null}
      <Dialog open={asking} onClose={closeForm} title={`Run “${routine.title}”`} description="Values for this run; empty fields take their defaults.">
        <VariablesForm routine={routine} pending={run.isPending} error={run.error} onCancel={closeForm} onSubmit={fire} />
      </Dialog>
    </div>
  );
}
