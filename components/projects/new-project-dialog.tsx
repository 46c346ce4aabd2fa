"use client";

import { useId } from "react";
import { Field, Input, Options, RecordOptions, Select, Textarea, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps, useFieldErrors } from "@/components/ui/form-dialog";
import { useIdempotencyKey } from "@/components/ui/hooks";
import { useCreateProject } from "@/lib/queries/projects";
import type { CreateProjectBody, Goal } from "@/lib/queries/types";
import { PROJECT_STATUSES } from "@/lib/schemas/values";

const FIELDS = ["name", "description", "status", "goalIds"] as const;

export function NewProjectDialog({ open, onClose, companyId, goals }: { open: boolean; onClose: () => void; companyId: string; goals: Goal[] }) {
  return (
    <MutationDialog
      open={open}
      onClose={onClose}
      title="New project"
      description="Projects group the work agents pick up."
      mutation={useCreateProject(companyId)}
    >
      {(form) => <NewProjectForm {...form} goals={goals} />}
    </MutationDialog>
  );
}

function NewProjectForm({ goals, pending, error, onCancel, onSubmit }: MutationFormProps<CreateProjectBody> & { goals: Goal[] }) {
  const id = useId();
  const idempotencyKey = useIdempotencyKey();
  const { fieldErrors, formError, check } = useFieldErrors(error, FIELDS);

  function submit(form: FormData) {
    const name = formText(form, "name");
    if (!check({ name: !name && "Enter a name" })) return;
    const description = formText(form, "description");
    const goalId = formText(form, "goalId");
    const body: CreateProjectBody = { name, status: form.get("status") as CreateProjectBody["status"] };
    if (description) body.description = description;
    if (goalId) body.goalIds = [goalId];
    if (idempotencyKey) body.idempotencyKey = idempotencyKey;
    onSubmit(body);
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel="Create project">
      <Field id={`${id}-name`} label="Name" error={fieldErrors.name}>
        <Input {...fieldProps(`${id}-name`, fieldErrors.name)} name="name" required maxLength={200} autoFocus autoComplete="off" />
      </Field>
      <Field id={`${id}-description`} label="Description" optional error={fieldErrors.description}>
        <Textarea {...fieldProps(`${id}-description`, fieldErrors.description)} name="description" rows={3} maxLength={50_000} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id={`${id}-status`} label="Status" error={fieldErrors.status}>
          <Select {...fieldProps(`${id}-status`, fieldErrors.status)} name="status" defaultValue="backlog">
            <Options values={PROJECT_STATUSES} />
          </Select>
        </Field>
        <Field id={`${id}-goal`} label="Goal" optional error={fieldErrors.goalIds}>
          <Select {...fieldProps(`${id}-goal`, fieldErrors.goalIds)} name="goalId" defaultValue="" disabled={goals.length === 0}>
            <RecordOptions none={goals.length === 0 ? "No goals yet" : "None"} records={goals} label={(goal) => goal.title} />
          </Select>
        </Field>
      </div>
    </DialogForm>
  );
}
