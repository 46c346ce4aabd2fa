import Link from "next/link";
import type { Environment, EnvironmentConflict, EnvironmentRef, EnvironmentRule, EnvironmentUsage } from "@/lib/queries/environments";
import { RULE_LABELS } from "@/lib/schemas/values";

/** Which resolution rule chose a run's environment, in the board's words. */
export function ruleLabel(rule: string | null | undefined): string | null {
  if (!rule) return null;
  return RULE_LABELS[rule as EnvironmentRule] ?? rule.replace(/_/g, " ");
}

/** An environment's name, or what a missing one means: the workspace was made before environments existed. */
export function environmentName(environment: EnvironmentRef | null | undefined, missing = "No environment"): string {
  return environment?.name ?? missing;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** "2 agents, 1 project and 3 workspaces"; only what is non-zero. */
export function usageText(usage: EnvironmentUsage): string {
  const parts = [
    usage.agents ? plural(usage.agents, "agent") : null,
    usage.projects ? plural(usage.projects, "project") : null,
    usage.issues ? plural(usage.issues, "issue") : null,
    usage.workspaces ? plural(usage.workspaces, "workspace") : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return "nothing";
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

export const isInUse = (usage: EnvironmentUsage) => usage.agents + usage.projects + usage.issues + usage.workspaces > 0;

/**
 * The options of an environment picker: `none` (what an empty choice means here), then active environments, the instance
 * default marked. A chosen environment that has since been archived stays listed so the select still shows it.
 */
export function EnvironmentOptions({ environments, none, current }: { environments: readonly Environment[]; none: string; current: string | null }) {
  const listed = environments.filter((environment) => environment.status === "active" || environment.id === current);
  return (
    <>
      <option value="">{none}</option>
      {listed.map((environment) => (
        <option key={environment.id} value={environment.id}>
          {environment.name}
          {environment.isDefault && !/instance default/i.test(environment.name) ? " (instance default)" : ""}
          {environment.status === "archived" ? " (archived)" : ""}
        </option>
      ))}
      {current && !listed.some((environment) => environment.id === current) ? <option value={current}>Unknown environment</option> : null}
    </>
  );
}

/**
 * The sentence a conflict notice opens with: which workspace, the environment it belongs to, and the environment the
 * run meant to use with the rule that chose it.
 */
export function ConflictSentence({ conflict, run = "the run" }: { conflict: EnvironmentConflict; run?: React.ReactNode }) {
  return (
    <>
      Workspace{" "}
      <Link href={`/workspaces/${conflict.workspaceId}`} className="font-medium underline underline-offset-2">
        {conflict.workspaceName}
      </Link>{" "}
      belongs to <strong className="font-semibold">{environmentName(conflict.workspaceEnvironment)}</strong>, but {run} was meant for{" "}
      <strong className="font-semibold">{environmentName(conflict.intendedEnvironment, "the instance default")}</strong> ({ruleLabel(conflict.rule)}).
    </>
  );
}

/** The amber notice a run or workspace page shows for an environment conflict: a title, then what happened. */
export function ConflictNotice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div
      role="note"
      aria-label="Environment conflict"
      className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800/70 dark:bg-amber-950/30 dark:text-amber-200"
    >
      <p className="font-medium">{title}</p>
      <p className="mt-0.5">{children}</p>
    </div>
  );
}
