"use client";

import { useId, useState } from "react";
import { Field, Input, Options, RecordOptions, Select, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps, useFieldErrors } from "@/components/ui/form-dialog";
import { useCreateAgent } from "@/lib/queries/agents";
import type { Agent, CreateAgentBody } from "@/lib/queries/types";
import { ADAPTER_TYPES, AGENT_ROLES } from "@/lib/schemas/values";
import { ADAPTER_CONFIG_FIELDS, AdapterConfigFields, adapterConfigFromForm } from "./adapter-dialog";
import { DefaultEnvironmentField } from "./default-environment-field";
import { adapterLabel, roleLabel } from "./labels";

const FIELDS = ["name", "role", "title", "adapterType", "reportsTo", "defaultEnvironmentId", ...ADAPTER_CONFIG_FIELDS] as const;
/** Adapters whose settings are all optional, so the new-agent form can offer them; the others are set on the agent page. */
const CONFIGURABLE_AT_CREATION = new Set(["claude_local", "codex_local"]);

export function NewAgentDialog({
  open,
  onClose,
  companyId,
  agents,
  canSetAdapter,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  companyId: string;
  agents: Agent[];
  /** Adapter settings carry commands the server runs, so only owners choose them. */
  canSetAdapter: boolean;
  onCreated?: (agent: Agent) => void;
}) {
  return (
    <MutationDialog
      open={open}
      onClose={onClose}
      title="New agent"
      description="Agents take work through the API with their own keys."
      mutation={useCreateAgent(companyId)}
      onSuccess={onCreated}
    >
      {(form) => <NewAgentForm {...form} companyId={companyId} agents={agents} canSetAdapter={canSetAdapter} />}
    </MutationDialog>
  );
}

function NewAgentForm({
  companyId,
  agents,
  canSetAdapter,
  pending,
  error,
  onCancel,
  onSubmit,
}: MutationFormProps<CreateAgentBody> & { companyId: string; agents: Agent[]; canSetAdapter: boolean }) {
  const id = useId();
  const { fieldErrors, formError, check } = useFieldErrors(error, FIELDS);
  const [environmentId, setEnvironmentId] = useState("");
  const [adapterType, setAdapterType] = useState<string>("process");

  function submit(form: FormData) {
    const name = formText(form, "name");
    if (!check({ name: !name && "Enter a name" })) return;
    const title = formText(form, "title");
    const reportsTo = formText(form, "reportsTo");
    const body: CreateAgentBody = { name, role: form.get("role") as CreateAgentBody["role"] };
    if (title) body.title = title;
    if (reportsTo) body.reportsTo = reportsTo;
    if (environmentId) body.defaultEnvironmentId = environmentId;
    if (canSetAdapter) {
      body.adapterType = adapterType as CreateAgentBody["adapterType"];
      if (CONFIGURABLE_AT_CREATION.has(adapterType)) body.adapterConfig = adapterConfigFromForm(adapterType, form);
    }
    onSubmit(body);
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel="Create agent">
      <Field id={`${id}-name`} label="Name" error={fieldErrors.name}>
        <Input {...fieldProps(`${id}-name`, fieldErrors.name)} name="name" required maxLength={120} autoFocus autoComplete="off" />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id={`${id}-role`} label="Role" error={fieldErrors.role}>
          <Select {...fieldProps(`${id}-role`, fieldErrors.role)} name="role" defaultValue="general">
            <Options values={AGENT_ROLES} label={roleLabel} />
          </Select>
        </Field>
        <Field id={`${id}-adapter`} label="Adapter type" error={fieldErrors.adapterType} hint={canSetAdapter ? undefined : "Owners choose adapters."}>
          <Select
            {...fieldProps(`${id}-adapter`, fieldErrors.adapterType, !canSetAdapter)}
            name="adapterType"
            value={adapterType}
            onChange={(event) => setAdapterType(event.target.value)}
            disabled={!canSetAdapter}
          >
            <Options values={ADAPTER_TYPES} label={adapterLabel} />
          </Select>
        </Field>
      </div>
      {canSetAdapter && CONFIGURABLE_AT_CREATION.has(adapterType) ? (
        <AdapterConfigFields id={`${id}-config`} type={adapterType} config={{}} errors={fieldErrors} />
      ) : null}
      <Field id={`${id}-title`} label="Title" optional error={fieldErrors.title}>
        <Input {...fieldProps(`${id}-title`, fieldErrors.title)} name="title" maxLength={200} placeholder="e.g. Backend engineer" autoComplete="off" />
      </Field>
      {agents.length > 0 ? (
        <Field id={`${id}-reports`} label="Reports to" optional error={fieldErrors.reportsTo}>
          <Select {...fieldProps(`${id}-reports`, fieldErrors.reportsTo)} name="reportsTo" defaultValue="">
            <RecordOptions none="Nobody" records={agents} label={(agent) => agent.name} />
          </Select>
        </Field>
      ) : null}
      <DefaultEnvironmentField
        id={`${id}-environment`}
        companyId={companyId}
        value={environmentId}
        onChange={setEnvironmentId}
        current={null}
        error={fieldErrors.defaultEnvironmentId}
      />
    </DialogForm>
  );
}
