"use client";

import { useId } from "react";
import { Field, Input, Options, RecordOptions, Select, Textarea, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps, useFieldErrors } from "@/components/ui/form-dialog";
import { useIdempotencyKey } from "@/components/ui/hooks";
import { useCreateIssue } from "@/lib/queries/issues";
import type { Agent, CreateIssueBody, Issue } from "@/lib/queries/types";
import { ISSUE_PRIORITIES, ISSUE_STATUSES } from "@/lib/schemas/values";

const FIELDS = ["title", "description", "priority", "assigneeAgentId", "status", "parentId"] as const;

export function NewIssueDialog({
  open,
  onClose,
  companyId,
  agents,
  parent,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  companyId: string;
  agents: Agent[];
  /** Set for a sub-issue: the issue it is created under. */
  parent?: { id: string; identifier: string };
  onCreated?: (issue: Issue) => void;
}) {
  return (
    <MutationDialog
      open={open}
      onClose={onClose}
      title={parent ? `New sub-issue of ${parent.identifier}` : "New issue"}
      description="Assigned agents are woken to pick it up."
      mutation={useCreateIssue(companyId)}
      onSuccess={onCreated}
    >
      {(form) => <NewIssueForm {...form} agents={agents} parentId={parent?.id} />}
    </MutationDialog>
  );
}

function NewIssueForm({ agents, parentId, pending, error, onCancel, onSubmit }: MutationFormProps<CreateIssueBody> & { agents: Agent[]; parentId?: string }) {
  const id = useId();
  const idempotencyKey = useIdempotencyKey();
  const { fieldErrors, formError, check } = useFieldErrors(error, FIELDS);

  function submit(form: FormData) {
    const title = formText(form, "title");
    if (!check({ title: !title && "Enter a title" })) return;
    const description = formText(form, "description");
    const assigneeAgentId = formText(form, "assigneeAgentId");
    const status = formText(form, "status");
    const body: CreateIssueBody = { title, priority: form.get("priority") as CreateIssueBody["priority"] };
    if (description) body.description = description;
    if (assigneeAgentId) body.assigneeAgentId = assigneeAgentId;
    if (status) body.status = status as CreateIssueBody["status"];
    if (parentId) body.parentId = parentId;
    if (idempotencyKey) body.idempotencyKey = idempotencyKey;
    onSubmit(body);
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel="Create issue">
      <Field id={`${id}-title`} label="Title" error={fieldErrors.title}>
        <Input {...fieldProps(`${id}-title`, fieldErrors.title)} name="title" required maxLength={500} autoFocus autoComplete="off" />
      </Field>
      <Field id={`${id}-description`} label="Description" optional error={fieldErrors.description}>
        <Textarea {...fieldProps(`${id}-description`, fieldErrors.description)} name="description" rows={4} maxLength={200_000} />
      </Field>
      <div className="grid grid-cols-3 gap-3">
        <Field id={`${id}-priority`} label="Priority" error={fieldErrors.priority}>
          <Select {...fieldProps(`${id}-priority`, fieldErrors.priority)} name="priority" defaultValue="medium">
            <Options values={ISSUE_PRIORITIES} />
          </Select>
        </Field>
        <Field id={`${id}-assignee`} label="Assignee" error={fieldErrors.assigneeAgentId}>
          <Select {...fieldProps(`${id}-assignee`, fieldErrors.assigneeAgentId)} name="assigneeAgentId" defaultValue="">
            <RecordOptions none="Nobody" records={agents} label={(agent) => agent.name} />
          </Select>
        </Field>
        <Field id={`${id}-status`} label="Status" error={fieldErrors.status}>
          <Select {...fieldProps(`${id}-status`, fieldErrors.status)} name="status" defaultValue="">
            <option value="">Default</option>
            <Options values={ISSUE_STATUSES} />
          </Select>
        </Field>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">Without a status, an assigned issue starts in Todo and an unassigned one in Backlog.</p>
    </DialogForm>
  );
}
