"use client";

import { useId, useState } from "react";
import { splitError } from "@/components/ui/errors";
import { Checkbox, Field, Input, Select, Textarea, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps } from "@/components/ui/form-dialog";
import { mcpEnabled } from "@/lib/adapters/mcp-config";
import { useUpdateAgent } from "@/lib/queries/agents";
import type { AgentDetail, UpdateAgentBody } from "@/lib/queries/types";

export const ADAPTER_CONFIG_FIELDS = [
  "adapterConfig.command",
  "adapterConfig.args",
  "adapterConfig.cwd",
  "adapterConfig.timeoutSec",
  "adapterConfig.url",
  "adapterConfig.codexPath",
  "adapterConfig.claudePath",
  "adapterConfig.model",
  "adapterConfig.maxTurns",
  "runtimeConfig.heartbeat.maxConcurrentRuns",
] as const;
type AdapterType = "process" | "http" | "codex_local" | "claude_local";

/** The config fields the form shows for each type: saving sets exactly these, and keeps the rest of the stored config. */
const FORM_FIELDS: Record<AdapterType, readonly string[]> = {
  process: ["command", "args", "cwd", "timeoutSec"],
  http: ["url", "timeoutSec"],
  codex_local: ["codexPath", "args", "cwd", "timeoutSec", "mcp"],
  claude_local: ["claudePath", "model", "maxTurns", "args", "cwd", "timeoutSec", "mcp"],
};

/** The coding CLIs whose runs can be given Switchboard's MCP server. */
const MCP_TYPES: ReadonlySet<string> = new Set<AdapterType>(["codex_local", "claude_local"]);

/** How wakes reach the agent: a command to run, a webhook to call, or a local coding CLI. Owners only: these become processes. */
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

/** The adapterConfig the form's fields describe for `type`; empty optional fields are left out. */
export function adapterConfigFromForm(type: string, form: FormData): Record<string, unknown> {
  const optional = (name: string) => (formText(form, name) ? { [name]: formText(form, name) } : {});
  const number = (name: string) => (formText(form, name) ? { [name]: Number(formText(form, name)) } : {});
  const args = formText(form, "args")
    .split("\n")
    .map((arg) => arg.trim())
    .filter(Boolean);
  const common = { ...optional("cwd"), ...number("timeoutSec"), ...(args.length ? { args } : {}) };
  // On unless false, as the adapters read it: only an unticked box is written.
  const mcp = form.get("mcp") === null ? { mcp: false } : {};
  if (type === "http") return { url: formText(form, "url"), ...number("timeoutSec") };
  if (type === "process") return { command: formText(form, "command"), ...common };
  if (type === "claude_local") return { ...optional("claudePath"), ...optional("model"), ...number("maxTurns"), ...common, ...mcp };
  return { ...optional("codexPath"), ...common, ...mcp };
}

/**
 * The config to save: the form's fields over the stored config of the same type, so what the form does not show
 * (env, dangerouslySkipPermissions, ...) is kept and what it shows but was left empty is removed. A new type starts fresh.
 */
export function adapterConfigToSave(type: string, edited: Record<string, unknown>, stored: { adapterType: string; adapterConfig: unknown }) {
  if (type !== stored.adapterType || !stored.adapterConfig || typeof stored.adapterConfig !== "object") return edited;
  const shown = FORM_FIELDS[type as AdapterType] ?? [];
  const kept = Object.entries(stored.adapterConfig as Record<string, unknown>).filter(([name]) => !shown.includes(name));
  return { ...Object.fromEntries(kept), ...edited };
}

/** The config fields of one adapter type, each showing its own validation error (`adapterConfig.<name>`). */
export function AdapterConfigFields({
  id,
  type,
  config,
  errors,
}: {
  id: string;
  type: string;
  config: Record<string, unknown>;
  errors: Record<string, string | undefined>;
}) {
  const err = (name: string) => errors[`adapterConfig.${name}`];
  const text = (name: string) => (typeof config[name] === "string" ? (config[name] as string) : "");
  const count = (name: string) => (typeof config[name] === "number" ? String(config[name]) : "");
  return (
    <>
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
      {type === "claude_local" ? (
        <>
          <Field id={`${id}-claude`} label="Claude binary" optional error={err("claudePath")}>
            <Input
              {...fieldProps(`${id}-claude`, err("claudePath"))}
              name="claudePath"
              defaultValue={text("claudePath")}
              placeholder="claude"
              autoComplete="off"
              className="font-mono"
            />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field id={`${id}-model`} label="Model" optional error={err("model")}>
              <Input {...fieldProps(`${id}-model`, err("model"))} name="model" defaultValue={text("model")} placeholder="sonnet" autoComplete="off" />
            </Field>
            <Field id={`${id}-turns`} label="Max turns" optional error={err("maxTurns")}>
              <Input {...fieldProps(`${id}-turns`, err("maxTurns"))} name="maxTurns" type="number" min={1} max={10000} defaultValue={count("maxTurns")} />
            </Field>
          </div>
        </>
      ) : null}
      {type !== "http" ? (
        <>
          <Field id={`${id}-args`} label={type === "process" ? "Arguments" : "Extra arguments"} optional error={err("args")} hint="One per line.">
            <Textarea
              {...fieldProps(`${id}-args`, err("args"), true)}
              name="args"
              rows={3}
              defaultValue={Array.isArray(config.args) ? (config.args as string[]).join("\n") : ""}
              className="font-mono"
            />
          </Field>
          <Field
            id={`${id}-cwd`}
            label="Working directory"
            optional
            error={err("cwd")}
            hint="An absolute path. Without one the agent works in a private folder of its own, never in Switchboard's."
          >
            <Input {...fieldProps(`${id}-cwd`, err("cwd"))} name="cwd" defaultValue={text("cwd")} autoComplete="off" className="font-mono" />
          </Field>
        </>
      ) : null}
      <Field id={`${id}-timeout`} label="Timeout (seconds)" optional error={err("timeoutSec")}>
        <Input {...fieldProps(`${id}-timeout`, err("timeoutSec"))} name="timeoutSec" type="number" min={1} max={86400} defaultValue={count("timeoutSec")} />
      </Field>
      {MCP_TYPES.has(type) ? (
        <label htmlFor={`${id}-mcp`} className="flex items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
          <Checkbox id={`${id}-mcp`} name="mcp" defaultChecked={mcpEnabled(config)} />
          Give runs the Switchboard MCP server
        </label>
      ) : null}
    </>
  );
}

const heartbeatOf = (runtimeConfig: unknown) => {
  const heartbeat = (runtimeConfig as { heartbeat?: unknown } | null)?.heartbeat;
  return heartbeat && typeof heartbeat === "object" ? (heartbeat as Record<string, unknown>) : {};
};

/** The agent's cap as the scheduler reads it: a stored number within 1..50 (an older row's may lie outside), else 1. */
const storedMaxConcurrentRuns = (runtimeConfig: unknown) => {
  const stored = heartbeatOf(runtimeConfig).maxConcurrentRuns;
  return typeof stored === "number" && Number.isFinite(stored) ? Math.min(50, Math.max(1, Math.floor(stored))) : 1;
};

/** The stored runtimeConfig with the form's cap; the server keeps the run sessions itself, so they are not sent back. */
export function runtimeConfigToSave(runtimeConfig: unknown, form: FormData): Record<string, unknown> {
  const { sessions: _sessions, ...rest } = (runtimeConfig && typeof runtimeConfig === "object" ? runtimeConfig : {}) as Record<string, unknown>;
  return { ...rest, heartbeat: { ...heartbeatOf(runtimeConfig), maxConcurrentRuns: Number(formText(form, "maxConcurrentRuns")) } };
}

function AdapterForm({ agent, pending, error, onCancel, onSubmit }: MutationFormProps<UpdateAgentBody> & { agent: AgentDetail }) {
  const id = useId();
  const [type, setType] = useState<AdapterType>(agent.adapterType as AdapterType);
  const { fieldErrors, formError } = splitError(error, ADAPTER_CONFIG_FIELDS);

  function submit(form: FormData) {
    const adapterConfig = adapterConfigToSave(type, adapterConfigFromForm(type, form), agent);
    onSubmit({ adapterType: type, adapterConfig, replaceAdapterConfig: true, runtimeConfig: runtimeConfigToSave(agent.runtimeConfig, form) });
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel="Save adapter">
      <Field id={`${id}-type`} label="Adapter">
        <Select id={`${id}-type`} value={type} onChange={(event) => setType(event.target.value as AdapterType)}>
          <option value="process">Process: run a command</option>
          <option value="http">HTTP: call a webhook</option>
          <option value="codex_local">Codex (local)</option>
          <option value="claude_local">Claude Code (local)</option>
        </Select>
      </Field>
      <AdapterConfigFields id={id} type={type} config={(agent.adapterConfig ?? {}) as Record<string, unknown>} errors={fieldErrors} />
      <Field
        id={`${id}-runs`}
        label="Runs at once"
        error={fieldErrors["runtimeConfig.heartbeat.maxConcurrentRuns"]}
        hint="How many runs of this agent may go at the same time, across every Switchboard instance. Above 1, each run takes the wakes of one issue."
      >
        <Input
          {...fieldProps(`${id}-runs`, fieldErrors["runtimeConfig.heartbeat.maxConcurrentRuns"], true)}
          name="maxConcurrentRuns"
          type="number"
          min={1}
          max={50}
          required
          defaultValue={String(storedMaxConcurrentRuns(agent.runtimeConfig))}
        />
      </Field>
    </DialogForm>
  );
}
