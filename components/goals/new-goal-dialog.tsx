"use client";

import { useId, useState } from "react";
import { humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { splitError } from "@/components/ui/errors";
import { Field, FormError, Input, Select, Textarea, fieldProps } from "@/components/ui/form";
import { useCreateGoal } from "@/lib/queries/goals";
import type { CreateGoalBody, Goal } from "@/lib/queries/types";
import { GOAL_LEVELS, GOAL_STATUSES } from "@/lib/schemas/goals";

const FIELDS = ["title", "description", "level", "status", "parentId"] as const;

export function NewGoalDialog({ open, onClose, companyId, goals }: { open: boolean; onClose: () => void; companyId: string; goals: Goal[] }) {
  const createGoal = useCreateGoal(companyId);
  const close = () => {
    if (createGoal.isPending) return;
    createGoal.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="New goal" description="Goals say why work matters; projects and tasks roll up to them.">
      <NewGoalForm
        goals={goals}
        pending={createGoal.isPending}
        error={createGoal.error}
        onCancel={close}
        onSubmit={(body) =>
          createGoal.mutate(body, {
            onSuccess: () => {
              createGoal.reset();
              onClose();
            },
          })
        }
      />
    </Dialog>
  );
}

function NewGoalForm({ goals, pending, error, onCancel, onSubmit }: { goals: Goal[]; pending: boolean; error: unknown; onCancel: () => void; onSubmit: (body: CreateGoalBody) => void }) {
  const id = useId();
  const [titleError, setTitleError] = useState<string | null>(null);
  const { fieldErrors, formError } = splitError(error, FIELDS);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const title = String(form.get("title") ?? "").trim();
    if (!title) return setTitleError("Enter a title");
    setTitleError(null);
    const description = String(form.get("description") ?? "").trim();
    const parentId = String(form.get("parentId") ?? "");
    const body: CreateGoalBody = {
      title,
      level: form.get("level") as CreateGoalBody["level"],
      status: form.get("status") as CreateGoalBody["status"],
    };
    if (description) body.description = description;
    if (parentId) body.parentId = parentId;
    onSubmit(body);
  }

  const titleMessage = titleError ?? fieldErrors.title;
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <FormError>{formError}</FormError>
      <Field id={`${id}-title`} label="Title" error={titleMessage}>
        <Input {...fieldProps(`${id}-title`, titleMessage)} name="title" required maxLength={300} autoFocus autoComplete="off" />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id={`${id}-level`} label="Level" error={fieldErrors.level}>
          <Select {...fieldProps(`${id}-level`, fieldErrors.level)} name="level" defaultValue="task">
            {GOAL_LEVELS.map((level) => (
              <option key={level} value={level}>
                {humanize(level)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${id}-status`} label="Status" error={fieldErrors.status}>
          <Select {...fieldProps(`${id}-status`, fieldErrors.status)} name="status" defaultValue="planned">
            {GOAL_STATUSES.map((status) => (
              <option key={status} value={status}>
                {humanize(status)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {goals.length > 0 ? (
        <Field id={`${id}-parent`} label="Parent goal" optional error={fieldErrors.parentId}>
          <Select {...fieldProps(`${id}-parent`, fieldErrors.parentId)} name="parentId" defaultValue="">
            <option value="">None</option>
            {goals.map((goal) => (
              <option key={goal.id} value={goal.id}>
                {goal.title}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field id={`${id}-description`} label="Description" optional error={fieldErrors.description}>
        <Textarea {...fieldProps(`${id}-description`, fieldErrors.description)} name="description" rows={3} maxLength={50_000} />
      </Field>
      <DialogFooter>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          Create goal
        </Button>
      </DialogFooter>
    </form>
  );
}
