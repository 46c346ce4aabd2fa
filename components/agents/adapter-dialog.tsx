"use client";

import { useId, useState } from "react";
import { splitError } from "@/components/ui/errors";
import { Field, Input, Select, Textarea, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps } from "@/components/ui/form-dialog";
import { useUpdateAgent } from "@/lib/queries/agents";
import type { AgentDetail, UpdateAgentBody } from "@/lib/queries/types";

const FIELDS = [
  "adapterConfig.command",
  "adapterConfig.args",
  "adapterConfig.cwd",
  "adapterConfig.timeoutSec",
  "adapterConfig.url",
  "adapterConfig.codexPath",
] as const;
type AdapterType = "process" | "http" | "codex_local";

/** How wakes reach the agent: a command to run, a webhook to call, or a local codex. Owners only: these become processes. */
export function AdapterDialog({ open, onClose, agent }: { open: boolean; onClose: () => void; agent: AgentDetail }) {
  return (
    <MutationDialog
      open={open}
      onClose={onClose}
      title="Adapter"
      description="Each wake is delivered as a run through this adapter."
      mutation={useUpdateAgent(agent.id)}
    >
      {(form) => <AdapterForm {...form} agent={agent} />}
    </MutationDialog>
  );
}

function AdapterForm({ agent, pending, error, onCancel, onSubmit }: MutationFormProps<UpdateAgentBody> & { agent: AgentDetail }) {
  const id = useId();
  const [type, setType] = useState<AdapterType>(agent.adapterType as AdapterType);
  const config = (agent.adapterConfig ?? {}) as Record<string, unknown>;
  const { fieldErrors, formError } = splitError(error, FIELDS);
  const err = (name: string) => fieldErrors[`adapterConfig.${name}`];
  const text = (name: string) => (typeof config[name] === "string" ? (config[name] as string) : "");

  function submit(form: FormData) {
    const timeout = formText(form, "timeoutSec");
    const common = { ...(formText(form, "cwd") ? { cwd: formText(form, "cwd") } : {}), ...(timeout ? { timeoutSec: Number(timeout) } : {}) };
    const args = formText(form, "args")
      .split("\n")
      .map((arg) => arg.trim())
      .filter(Boolean);
    const adapterConfig =
      type === "http"
        ? { url: formText(form, "url"), ...(timeout ? { timeoutSec: Number(timeout) } : {}) }
        : type === "process"
          ? { command: formText(form, "command"), ...(args.length ? { args } : {}), ...common }
          : { ...(formText(form, "codexPath") ? { codexPath: formText(form, "codexPath") } : {}), ...(args.length ? { args } : {}), ...common };
    onSubmit({ adapterType: type, adapterConfig, replaceAdapterConfig: true });
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel="Save adapter">
      <Field id={`${id}-type`} label="Adapter">
        <Select id={`${id}-type`} value={type} onChange={(event) => setType(event.target.value as AdapterType)}>
          <option value="process">Process: run a command</option>
          <option value="http">HTTP: call a webhook</option>
          <option value="codex_local">Codex (local)</option>
        </Select>
      </Field>
      {type === "process" ? (
        <Field id={`${id}-command`} label="Command" error={err("command")} hint="An executable path; the wake arrives as PAPERCLIP_* environment variables.">
          <Input
            {...fieldProps(`${id}-command`, err("command"), true)}
            name="command"
            defaultValue={text("command")}
            required
            autoComplete="off"
            className="font-mono"
          />
        </Field>
      ) : null}
      {type === "http" ? (
        <Field id={`${id}-url`} label="Webhook URL" error={err("url")} hint="Loopback, or a host the instance admin allows. Redirects are not followed.">
          <Input {...fieldProps(`${id}-url`, err("url"), true)} name="url" defaultValue={text("url")} required autoComplete="off" className="font-mono" />
        </Field>
      ) : null}
      {type === "codex_local" ? (
        <Field id={`${id}-codex`} label="Codex binary" optional error={err("codexPath")}>
          <Input
            {...fieldProps(`${id}-codex`, err("codexPath"))}
            name="codexPath"
            defaultValue={text("codexPath")}
            placeholder="codex"
            autoComplete="off"
            className="font-mono"
          />
        </Field>
      ) : null}
      {type !== "http" ? (
        <>
          <Field id={`${id}-args`} label="Arguments" optional error={err("args")} hint="One per line.">
            <Textarea
              {...fieldProps(`${id}-args`, err("args"), true)}
              name="args"
              rows={3}
              defaultValue={Array.isArray(config.args) ? (config.args as string[]).join("\n") : ""}
              className="font-mono"
            />
          </Field>
          <Field id={`${id}-cwd`} label="Working directory" optional error={err("cwd")}>
            <Input {...fieldProps(`${id}-cwd`, err("cwd"))} name="cwd" defaultValue={text("cwd")} autoComplete="off" className="font-mono" />
          </Field>
        </>
      ) : null}
      <Field id={`${id}-timeout`} label="Timeout (seconds)" optional error={err("timeoutSec")}>
        <Input
          {...fieldProps(`${id}-timeout`, err("timeoutSec"))}
          name="timeoutSec"
          type="number"
          min={1}
          max={86400}
          defaultValue={typeof config.timeoutSec === "number" ? String(config.timeoutSec) : ""}
        />
      </Field>
    </DialogForm>
  );
}
