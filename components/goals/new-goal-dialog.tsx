"use client";

import { useId } from "react";
import { Field, Input, Options, RecordOptions, Select, Textarea, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps, useFieldErrors } from "@/components/ui/form-dialog";
import { useCreateGoal } from "@/lib/queries/goals";
import type { CreateGoalBody, Goal } from "@/lib/queries/types";
import { GOAL_LEVELS, GOAL_STATUSES } from "@/lib/schemas/values";

const FIELDS = ["title", "description", "level", "status", "parentId"] as const;

export function NewGoalDialog({ open, onClose, companyId, goals }: { open: boolean; onClose: () => void; companyId: string; goals: Goal[] }) {
  return (
    <MutationDialog
      open={open}
      onClose={onClose}
      title="New goal"
      description="Goals say why work matters; projects and tasks roll up to them."
      mutation={useCreateGoal(companyId)}
    >
      {(form) => <NewGoalForm {...form} goals={goals} />}
    </MutationDialog>
  );
}

function NewGoalForm({ goals, pending, error, onCancel, onSubmit }: MutationFormProps<CreateGoalBody> & { goals: Goal[] }) {
  const id = useId();
  const { fieldErrors, formError, check } = useFieldErrors(error, FIELDS);

  function submit(form: FormData) {
    const title = formText(form, "title");
    if (!check({ title: !title && "Enter a title" })) return;
    const description = formText(form, "description");
    const parentId = formText(form, "parentId");
    const body: CreateGoalBody = {
      title,
      level: form.get("level") as CreateGoalBody["level"],
      status: form.get("status") as CreateGoalBody["status"],
    };
    if (description) body.description = description;
    if (parentId) body.parentId = parentId;
    onSubmit(body);
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel="Create goal">
      <Field id={`${id}-title`} label="Title" error={fieldErrors.title}>
        <Input {...fieldProps(`${id}-title`, fieldErrors.title)} name="title" required maxLength={300} autoFocus autoComplete="off" />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id={`${id}-level`} label="Level" error={fieldErrors.level}>
          <Select {...fieldProps(`${id}-level`, fieldErrors.level)} name="level" defaultValue="task">
            <Options values={GOAL_LEVELS} />
          </Select>
        </Field>
        <Field id={`${id}-status`} label="Status" error={fieldErrors.status}>
          <Select {...fieldProps(`${id}-status`, fieldErrors.status)} name="status" defaultValue="planned">
            <Options values={GOAL_STATUSES} />
          </Select>
        </Field>
      </div>
      {goals.length > 0 ? (
        <Field id={`${id}-parent`} label="Parent goal" optional error={fieldErrors.parentId}>
          <Select {...fieldProps(`${id}-parent`, fieldErrors.parentId)} name="parentId" defaultValue="">
            <RecordOptions none="None" records={goals} label={(goal) => goal.title} />
          </Select>
        </Field>
      ) : null}
      <Field id={`${id}-description`} label="Description" optional error={fieldErrors.description}>
        <Textarea {...fieldProps(`${id}-description`, fieldErrors.description)} name="description" rows={3} maxLength={50_000} />
      </Field>
    </DialogForm>
  );
}
