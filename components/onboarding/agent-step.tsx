"use client";

import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { splitError } from "@/components/ui/errors";
import { Field, FormError, Input, fieldProps } from "@/components/ui/form";
import { ErrorState, LoadingText } from "@/components/ui/states";
import { useCreateAgent } from "@/lib/queries/agents";
import type { Agent, CreateAgentBody } from "@/lib/queries/types";
import { CreatedSummary } from "./created-summary";
import { type AgentCli, type AgentClis, useAgentClis } from "./setup-queries";

type Choice = "claude_local" | "codex_local" | "demo";

const DEFAULT_NAMES: Record<Choice, string> = { claude_local: "Claude", codex_local: "Codex", demo: "Demo agent" };
const CLI_BLURBS: Record<AgentCli["adapterType"], string> = {
  claude_local: "Anthropic's coding agent, run on this server with its own login.",
  codex_local: "OpenAI's coding agent, run on this server with its own login.",
};
const DEMO_BLURB = "No AI needed: a built-in script that shows the whole loop — checkout, a plan for you to accept, progress, done.";
const FIELDS = ["name", "adapterType", "adapterConfig", "role"] as const;

/** Claude Code, Codex (each only when the server finds it on its PATH) or the built-in demo agent, and its name. */
export function AgentStep({
  companyId,
  created,
  onCreated,
  onContinue,
  onBack,
}: {
  companyId: string;
  created: Agent | null;
  onCreated: (agent: Agent) => void;
  onContinue: () => void;
  onBack: () => void;
}) {
  const clis = useAgentClis();
  if (created) {
    return (
      <CreatedSummary onBack={onBack} onContinue={onContinue}>
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{created.name}</span> is ready for work.
      </CreatedSummary>
    );
  }
  if (clis.isPending) return <LoadingText>Looking for coding agents on the server's PATH…</LoadingText>;
  if (clis.isError) return <ErrorState error={clis.error} onRetry={() => void clis.refetch()} title="Couldn't look for coding agents" />;
  return <AgentForm companyId={companyId} clis={clis.data} onCreated={onCreated} onBack={onBack} />;
}

const available = (cli: AgentCli) => Boolean(cli.path) && !cli.problem;

function AgentForm({ companyId, clis, onCreated, onBack }: { companyId: string; clis: AgentClis; onCreated: (agent: Agent) => void; onBack: () => void }) {
  const id = useId();
  const create = useCreateAgent(companyId);
  const [picked, setPicked] = useState<Choice | null>(null);
  const [typedName, setTypedName] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  // A CLI the server has is the likelier wish; without one, the demo agent.
  const choice: Choice = picked ?? clis.clis.find(available)?.adapterType ?? "demo";
  const name = typedName ?? DEFAULT_NAMES[choice];
  const server = splitError(create.error, FIELDS);
  const nameError = (checked && !name.trim() && "Enter a name") || server.fieldErrors.name;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (!name.trim()) return;
    const body: CreateAgentBody =
      choice === "demo"
        ? { name: name.trim(), role: "general", adapterType: clis.demo.adapterType, adapterConfig: clis.demo.adapterConfig }
        : { name: name.trim(), role: "engineer", adapterType: choice, adapterConfig: {} };
    create.mutate(body, { onSuccess: onCreated });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <FormError>{server.formError ?? server.fieldErrors.adapterType ?? server.fieldErrors.adapterConfig ?? server.fieldErrors.role}</FormError>
      <fieldset>
        <legend className="mb-2 text-xs font-medium text-zinc-700 dark:text-zinc-300">Who does the work</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {clis.clis.map((cli) => (
            <AgentOption
              key={cli.adapterType}
              id={`${id}-${cli.adapterType}`}
              title={cli.name}
              badge={available(cli) ? (cli.version ?? "Found") : null}
              description={CLI_BLURBS[cli.adapterType]}
              problem={available(cli) ? null : (cli.problem ?? "Not found on the server's PATH")}
              checked={choice === cli.adapterType}
              onSelect={() => {
                setPicked(cli.adapterType);
                create.reset();
              }}
            />
          ))}
          <AgentOption
            id={`${id}-demo`}
            title="Demo agent"
            badge="Built in"
            description={DEMO_BLURB}
            problem={null}
            checked={choice === "demo"}
            onSelect={() => {
              setPicked("demo");
              create.reset();
            }}
          />
        </div>
      </fieldset>
      <Field id={`${id}-name`} label="Agent name" error={nameError || undefined}>
        <Input
          {...fieldProps(`${id}-name`, nameError || undefined)}
          value={name}
          onChange={(event) => setTypedName(event.target.value)}
          maxLength={120}
          autoComplete="off"
          className="sm:w-72"
          required
        />
      </Field>
      <div className="flex justify-between gap-2">
        <Button onClick={onBack} disabled={create.isPending}>
          Back
        </Button>
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create agent
        </Button>
      </div>
    </form>
  );
}

/** One choice as a card: a radio, its name and version, what it is, and why it cannot be picked when it cannot. */
function AgentOption({
  id,
  title,
  badge,
  description,
  problem,
  checked,
  onSelect,
}: {
  id: string;
  title: string;
  badge: string | null;
  description: string;
  problem: string | null;
  checked: boolean;
  onSelect: () => void;
}) {
  return (
    <label
      htmlFor={id}
      className={cn(
        "flex flex-col gap-1.5 rounded-lg border p-3 text-sm",
        problem ? "cursor-not-allowed border-zinc-200 bg-zinc-50 opacity-70 dark:border-zinc-800 dark:bg-zinc-900/40" : "cursor-pointer",
        !problem && checked
          ? "border-zinc-900 ring-1 ring-zinc-900 dark:border-zinc-100 dark:ring-zinc-100"
          : !problem && "border-zinc-200 hover:border-zinc-400 dark:border-zinc-800 dark:hover:border-zinc-600",
      )}
    >
      <span className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          type="radio"
          name="agent-kind"
          checked={checked && !problem}
          disabled={Boolean(problem)}
          onChange={onSelect}
          aria-describedby={`${id}-about`}
          className="size-4 accent-zinc-900 dark:accent-zinc-100"
        />
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{title}</span>
        {badge ? <Badge tone={problem ? "neutral" : "green"}>{badge}</Badge> : null}
      </span>
      <span id={`${id}-about`} className="text-xs text-zinc-500 dark:text-zinc-400">
        {problem ? <span className="block font-medium text-amber-700 dark:text-amber-400">{problem}</span> : null}
        {description}
      </span>
    </label>
  );
}
