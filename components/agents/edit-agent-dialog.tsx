"use client";

import { useId, useState } from "react";
import { EnvironmentOptions } from "@/components/environments/labels";
import { splitError } from "@/components/ui/errors";
import { Field, Input, Options, Select, Textarea, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps } from "@/components/ui/form-dialog";
import { useUpdateAgent } from "@/lib/queries/agents";
import { type Environment, useEnvironments } from "@/lib/queries/environments";
import type { AgentDetail, UpdateAgentBody } from "@/lib/queries/types";
import { AGENT_ROLES, AGENT_STATUSES } from "@/lib/schemas/agents";
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
  const environments = useEnvironments(agent.companyId, { includeArchived: true });
  const [environmentId, setEnvironmentId] = useState(agent.defaultEnvironmentId ?? "");
  const chosen = environments.data?.find((environment) => environment.id === environmentId) ?? null;

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
      <Field
        id={`${id}-environment`}
        label="Default environment"
        error={fieldErrors.defaultEnvironmentId ?? (environments.isError ? "Couldn't load environments." : undefined)}
        hint={environmentHint(chosen, environmentId)}
      >
        <Select
          {...fieldProps(`${id}-environment`, fieldErrors.defaultEnvironmentId, true)}
          value={environmentId}
          onChange={(event) => setEnvironmentId(event.target.value)}
          disabled={environments.isPending}
        >
          <EnvironmentOptions environments={environments.data ?? []} none="None — follow the project, else the instance default" current={agent.defaultEnvironmentId ?? null} />
        </Select>
      </Field>
      <Field id={`${id}-capabilities`} label="Capabilities" optional error={fieldErrors.capabilities}>
        <Textarea {...fieldProps(`${id}-capabilities`, fieldErrors.capabilities)} name="capabilities" defaultValue={agent.capabilities ?? ""} maxLength={10_000} rows={4} />
      </Field>
    </DialogForm>
  );
}

/** What the chosen default means for the agent's runs, given the order issue → project policy → agent → instance default. */
function environmentHint(chosen: Environment | null, environmentId: string): string {
  if (!environmentId) return "Runs use the issue's or the project's environment, falling back to the instance default.";
  if (chosen?.isDefault) return "Pinned to local: runs stay in the instance default even where a project's workspace policy names another environment. Only an environment set on the issue moves them.";
  return "Runs use this environment unless the issue or its project's workspace policy names another.";
}
