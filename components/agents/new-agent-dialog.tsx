"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { splitError } from "@/components/ui/errors";
import { Field, FormError, Input, Select, fieldProps } from "@/components/ui/form";
import { useCreateAgent } from "@/lib/queries/agents";
import type { Agent, CreateAgentBody } from "@/lib/queries/types";
import { ADAPTER_TYPES, AGENT_ROLES } from "@/lib/schemas/agents";
import { adapterLabel, roleLabel } from "./labels";

const FIELDS = ["name", "role", "title", "adapterType", "reportsTo"] as const;

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
  const createAgent = useCreateAgent(companyId);
  const close = () => {
    if (createAgent.isPending) return;
    createAgent.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="New agent" description="Agents take work through the API with their own keys.">
      <NewAgentForm
        agents={agents}
        canSetAdapter={canSetAdapter}
        pending={createAgent.isPending}
        error={createAgent.error}
        onCancel={close}
        onSubmit={(body) =>
          createAgent.mutate(body, {
            onSuccess: (agent) => {
              createAgent.reset();
              onClose();
              onCreated?.(agent);
            },
          })
        }
      />
    </Dialog>
  );
}

function NewAgentForm({
  agents,
  canSetAdapter,
  pending,
  error,
  onCancel,
  onSubmit,
}: {
  agents: Agent[];
  canSetAdapter: boolean;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (body: CreateAgentBody) => void;
}) {
  const id = useId();
  const [nameError, setNameError] = useState<string | null>(null);
  const { fieldErrors, formError } = splitError(error, FIELDS);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    if (!name) return setNameError("Enter a name");
    setNameError(null);
    const title = String(form.get("title") ?? "").trim();
    const reportsTo = String(form.get("reportsTo") ?? "");
    const body: CreateAgentBody = { name, role: form.get("role") as CreateAgentBody["role"] };
    if (title) body.title = title;
    if (reportsTo) body.reportsTo = reportsTo;
    if (canSetAdapter) body.adapterType = form.get("adapterType") as CreateAgentBody["adapterType"];
    onSubmit(body);
  }

  const nameMessage = nameError ?? fieldErrors.name;
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <FormError>{formError}</FormError>
      <Field id={`${id}-name`} label="Name" error={nameMessage}>
        <Input {...fieldProps(`${id}-name`, nameMessage)} name="name" required maxLength={120} autoFocus autoComplete="off" />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id={`${id}-role`} label="Role" error={fieldErrors.role}>
          <Select {...fieldProps(`${id}-role`, fieldErrors.role)} name="role" defaultValue="general">
            {AGENT_ROLES.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${id}-adapter`} label="Adapter type" error={fieldErrors.adapterType} hint={canSetAdapter ? undefined : "Owners choose adapters."}>
          <Select {...fieldProps(`${id}-adapter`, fieldErrors.adapterType, !canSetAdapter)} name="adapterType" defaultValue="process" disabled={!canSetAdapter}>
            {ADAPTER_TYPES.map((type) => (
              <option key={type} value={type}>
                {adapterLabel(type)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field id={`${id}-title`} label="Title" optional error={fieldErrors.title}>
        <Input {...fieldProps(`${id}-title`, fieldErrors.title)} name="title" maxLength={200} placeholder="e.g. Backend engineer" autoComplete="off" />
      </Field>
      {agents.length > 0 ? (
        <Field id={`${id}-reports`} label="Reports to" optional error={fieldErrors.reportsTo}>
          <Select {...fieldProps(`${id}-reports`, fieldErrors.reportsTo)} name="reportsTo" defaultValue="">
            <option value="">Nobody</option>
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <DialogFooter>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          Create agent
        </Button>
      </DialogFooter>
    </form>
  );
}
