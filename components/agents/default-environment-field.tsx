"use client";

import { EnvironmentOptions } from "@/components/environments/labels";
import { Field, Select, fieldProps } from "@/components/ui/form";
import { type Environment, useEnvironments } from "@/lib/queries/environments";

/**
 * The agent's default environment, with what the choice means for its runs. Controlled, so the hint follows the
 * choice; `current` keeps an archived environment the agent still points at in the list.
 */
export function DefaultEnvironmentField({
  id,
  companyId,
  value,
  onChange,
  current,
  error,
}: {
  id: string;
  companyId: string;
  value: string;
  onChange: (environmentId: string) => void;
  current: string | null;
  error?: string;
}) {
  const environments = useEnvironments(companyId, { includeArchived: true });
  const chosen = environments.data?.find((environment) => environment.id === value) ?? null;
  return (
    <Field
      id={id}
      label="Default environment"
      error={error ?? (environments.isError ? "Couldn't load environments." : undefined)}
      hint={environmentHint(chosen, value)}
    >
      <Select {...fieldProps(id, error, true)} value={value} onChange={(event) => onChange(event.target.value)} disabled={environments.isPending}>
        <EnvironmentOptions environments={environments.data ?? []} none="None — follow the project, else the instance default" current={current} />
      </Select>
    </Field>
  );
}

/** What the chosen default means for the agent's runs, given the order issue → project policy → agent → instance default. */
function environmentHint(chosen: Environment | null, environmentId: string): string {
  if (!environmentId) return "Runs use the issue's or the project's environment, falling back to the instance default.";
  if (chosen?.isDefault)
    return "Pinned to local: runs stay in the instance default even where a project's workspace policy names another environment. Only an environment set on the issue moves them.";
  return "Runs use this environment unless the issue or its project's workspace policy names another.";
}
