"use client";

import { useId, useState } from "react";
import { humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { splitError } from "@/components/ui/errors";
import { Field, FormError, Input, Select, Textarea, fieldProps } from "@/components/ui/form";
import { useCreateProject } from "@/lib/queries/projects";
import type { CreateProjectBody, Goal } from "@/lib/queries/types";
import { PROJECT_STATUSES } from "@/lib/schemas/projects";

const FIELDS = ["name", "description", "status", "goalIds"] as const;

/** A fresh idempotency key per opened form, so a double submit or a retried request creates one project. */
function newIdempotencyKey(): string | undefined {
  return typeof crypto !== "undefined" && typeof crypto.randomUUID === "function" ? crypto.randomUUID() : undefined;
}

export function NewProjectDialog({ open, onClose, companyId, goals }: { open: boolean; onClose: () => void; companyId: string; goals: Goal[] }) {
  const createProject = useCreateProject(companyId);
  const close = () => {
    if (createProject.isPending) return;
    createProject.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="New project" description="Projects group the work agents pick up.">
      <NewProjectForm
        goals={goals}
        pending={createProject.isPending}
        error={createProject.error}
        onCancel={close}
        onSubmit={(body) =>
          createProject.mutate(body, {
            onSuccess: () => {
              createProject.reset();
              onClose();
            },
          })
        }
      />
    </Dialog>
  );
}

function NewProjectForm({
  goals,
  pending,
  error,
  onCancel,
  onSubmit,
}: {
  goals: Goal[];
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (body: CreateProjectBody) => void;
}) {
  const id = useId();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [nameError, setNameError] = useState<string | null>(null);
  const { fieldErrors, formError } = splitError(error, FIELDS);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    if (!name) return setNameError("Enter a name");
    setNameError(null);
    const description = String(form.get("description") ?? "").trim();
    const goalId = String(form.get("goalId") ?? "");
    const body: CreateProjectBody = { name, status: form.get("status") as CreateProjectBody["status"] };
    if (description) body.description = description;
    if (goalId) body.goalIds = [goalId];
    if (idempotencyKey) body.idempotencyKey = idempotencyKey;
    onSubmit(body);
  }

  const nameMessage = nameError ?? fieldErrors.name;
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <FormError>{formError}</FormError>
      <Field id={`${id}-name`} label="Name" error={nameMessage}>
        <Input {...fieldProps(`${id}-name`, nameMessage)} name="name" required maxLength={200} autoFocus autoComplete="off" />
      </Field>
      <Field id={`${id}-description`} label="Description" optional error={fieldErrors.description}>
        <Textarea {...fieldProps(`${id}-description`, fieldErrors.description)} name="description" rows={3} maxLength={50_000} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id={`${id}-status`} label="Status" error={fieldErrors.status}>
          <Select {...fieldProps(`${id}-status`, fieldErrors.status)} name="status" defaultValue="backlog">
            {PROJECT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {humanize(status)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${id}-goal`} label="Goal" optional error={fieldErrors.goalIds}>
          <Select {...fieldProps(`${id}-goal`, fieldErrors.goalIds)} name="goalId" defaultValue="" disabled={goals.length === 0}>
            <option value="">{goals.length === 0 ? "No goals yet" : "None"}</option>
            {goals.map((goal) => (
              <option key={goal.id} value={goal.id}>
                {goal.title}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <DialogFooter>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          Create project
        </Button>
      </DialogFooter>
    </form>
  );
}
