"use client";

import { useId, useState } from "react";
import { splitError } from "@/components/ui/errors";
import { Field, Input, Options, Select, Textarea, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps } from "@/components/ui/form-dialog";
import { useUpdateAgent } from "@/lib/queries/agents";
import type { AgentDetail, UpdateAgentBody } from "@/lib/queries/types";
import { AGENT_ROLES, AGENT_STATUSES } from "@/lib/schemas/values";
import { DefaultEnvironmentField } from "./default-environment-field";
import { roleLabel } from "./labels";

const FIELDS = ["name", "role", "title", "status", "capabilities", "defaultEnvironmentId"] as const;

export function EditAgentDialog({ open, onClose, agent }: { open: boolean; onClose: () => void; agent: AgentDetail }) {
  return (
    <MutationDialog open={open} onClose={onClose} title={`Edit ${agent.name}`} mutation={useUpdateAgent(agent.id)}>
      {(form) => <EditAgentForm {...form} agent={agent} />}
    </MutationDialog>
  );
}

function EditAgentForm({ agent, pending, error, onCancel, onSubmit }: MutationFormProps<UpdateAgentBody> & { agent: AgentDetail }) {
  const id = useId();
  const { fieldErrors, formError } = splitError(error, FIELDS);
  const [environmentId, setEnvironmentId] = useState(agent.defaultEnvironmentId ?? "");

  function submit(form: FormData) {
    onSubmit({
      name: formText(form, "name"),
      role: form.get("role") as UpdateAgentBody["role"],
      status: form.get("status") as UpdateAgentBody["status"],
      title: formText(form, "title") || null,
      capabilities: formText(form, "capabilities") || null,
      defaultEnvironmentId: environmentId || null,
    });
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel="Save changes">
      <Field id={`${id}-name`} label="Name" error={fieldErrors.name}>
        <Input {...fieldProps(`${id}-name`, fieldErrors.name)} name="name" defaultValue={agent.name} required maxLength={120} autoFocus autoComplete="off" />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id={`${id}-role`} label="Role" error={fieldErrors.role}>
          <Select {...fieldProps(`${id}-role`, fieldErrors.role)} name="role" defaultValue={agent.role}>
            <Options values={AGENT_ROLES} label={roleLabel} />
          </Select>
        </Field>
        <Field id={`${id}-status`} label="Status" error={fieldErrors.status}>
          <Select {...fieldProps(`${id}-status`, fieldErrors.status)} name="status" defaultValue={agent.status}>
            <Options values={AGENT_STATUSES} />
          </Select>
        </Field>
      </div>
      <Field id={`${id}-title`} label="Title" optional error={fieldErrors.title}>
        <Input {...fieldProps(`${id}-title`, fieldErrors.title)} name="title" defaultValue={agent.title ?? ""} maxLength={200} autoComplete="off" />
      </Field>
      <DefaultEnvironmentField
        id={`${id}-environment`}
        companyId={agent.companyId}
        value={environmentId}
        onChange={setEnvironmentId}
        current={agent.defaultEnvironmentId ?? null}
        error={fieldErrors.defaultEnvironmentId}
      />
      <Field id={`${id}-capabilities`} label="Capabilities" optional error={fieldErrors.capabilities}>
        <Textarea
          {...fieldProps(`${id}-capabilities`, fieldErrors.capabilities)}
          name="capabilities"
          defaultValue={agent.capabilities ?? ""}
          maxLength={10_000}
          rows={4}
        />
      </Field>
    </DialogForm>
  );
}
