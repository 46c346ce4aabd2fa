"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { splitError } from "@/components/ui/errors";
import { Field, FormError, Input, Select, Textarea, fieldProps } from "@/components/ui/form";
import { humanize } from "@/components/ui/badge";
import { useUpdateAgent } from "@/lib/queries/agents";
import type { AgentDetail, UpdateAgentBody } from "@/lib/queries/types";
import { AGENT_ROLES, AGENT_STATUSES } from "@/lib/schemas/agents";
import { roleLabel } from "./labels";

const FIELDS = ["name", "role", "title", "status", "capabilities"] as const;

export function EditAgentDialog({ open, onClose, agent }: { open: boolean; onClose: () => void; agent: AgentDetail }) {
  const updateAgent = useUpdateAgent(agent.id);
  const id = useId();
  const { fieldErrors, formError } = splitError(updateAgent.error, FIELDS);
  const close = () => {
    if (updateAgent.isPending) return;
    updateAgent.reset();
    onClose();
  };

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const title = String(form.get("title") ?? "").trim();
    const capabilities = String(form.get("capabilities") ?? "").trim();
    const body: UpdateAgentBody = {
      name: String(form.get("name") ?? "").trim(),
      role: form.get("role") as UpdateAgentBody["role"],
      status: form.get("status") as UpdateAgentBody["status"],
      title: title || null,
      capabilities: capabilities || null,
    };
    updateAgent.mutate(body, {
      onSuccess: () => {
        updateAgent.reset();
        onClose();
      },
    });
  }

  return (
    <Dialog open={open} onClose={close} title={`Edit ${agent.name}`}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <FormError>{formError}</FormError>
        <Field id={`${id}-name`} label="Name" error={fieldErrors.name}>
          <Input {...fieldProps(`${id}-name`, fieldErrors.name)} name="name" defaultValue={agent.name} required maxLength={120} autoFocus autoComplete="off" />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field id={`${id}-role`} label="Role" error={fieldErrors.role}>
            <Select {...fieldProps(`${id}-role`, fieldErrors.role)} name="role" defaultValue={agent.role}>
              {AGENT_ROLES.map((role) => (
                <option key={role} value={role}>
                  {roleLabel(role)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`${id}-status`} label="Status" error={fieldErrors.status}>
            <Select {...fieldProps(`${id}-status`, fieldErrors.status)} name="status" defaultValue={agent.status}>
              {AGENT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {humanize(status)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field id={`${id}-title`} label="Title" optional error={fieldErrors.title}>
          <Input {...fieldProps(`${id}-title`, fieldErrors.title)} name="title" defaultValue={agent.title ?? ""} maxLength={200} autoComplete="off" />
        </Field>
        <Field id={`${id}-capabilities`} label="Capabilities" optional error={fieldErrors.capabilities}>
          <Textarea {...fieldProps(`${id}-capabilities`, fieldErrors.capabilities)} name="capabilities" defaultValue={agent.capabilities ?? ""} maxLength={10_000} rows={4} />
        </Field>
        <DialogFooter>
          <Button onClick={close} disabled={updateAgent.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={updateAgent.isPending}>
            Save changes
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
