"use client";

import Link from "next/link";
import { useId } from "react";
import { useBoard } from "@/components/board/board-context";
import { EnvironmentOptions } from "@/components/environments/labels";
import { Badge } from "@/components/ui/badge";
import { WorkspaceStatusBadge } from "@/components/workspaces/labels";
import { useEnvironments } from "@/lib/queries/environments";
import type { IssueDetail, UpdateIssueBody } from "@/lib/queries/types";
import { useExecutionWorkspace, useWorkspacesEnabled } from "@/lib/queries/workspaces";
import { SavingSelect } from "./saving-select";

const MODES = [
  { value: "inherit", label: "Inherit" },
  { value: "isolated_workspace", label: "Isolated (new workspace)" },
  { value: "reuse_existing", label: "Reuse existing workspace" },
  { value: "shared_workspace", label: "Project primary workspace" },
] as const;

type Settings = { mode?: string; environmentId?: string | null } & Record<string, unknown>;

/**
 * How this issue's runs get a workspace, and the workspace they got. Only with isolated workspaces switched on for the
 * instance, and only for issues in a project (workspaces belong to projects).
 */
export function IssueWorkspace({ issue, canAct }: { issue: IssueDetail; canAct: boolean }) {
  const enabled = useWorkspacesEnabled(useBoard().experimental);
  if (!enabled || !issue.projectId) return null;
  return <WorkspaceSection issue={issue} canAct={canAct} />;
}

function WorkspaceSection({ issue, canAct }: { issue: IssueDetail; canAct: boolean }) {
  const id = useId();
  const environments = useEnvironments(issue.companyId, { includeArchived: true });
  const settings = (issue.executionWorkspaceSettings ?? null) as Settings | null;
  const stored = (settings?.mode ?? issue.executionWorkspacePreference ?? "inherit") as string;
  const known = MODES.some((mode) => mode.value === stored);
  const environmentId = settings?.environmentId ?? "";
  const conflicted = issue.workspaceConflict !== null;
  return (
    <div className="space-y-2 border-t border-zinc-100 pt-3 dark:border-zinc-800" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="text-xs font-semibold text-zinc-700 dark:text-zinc-300">
        Workspace
      </h3>
      <SavingSelect
        issueId={issue.id}
        label="Workspace mode"
        hint="How runs of this issue get a working copy. Inherit follows the project's policy."
        value={stored}
        // Keep the rest of the settings (strategy, environment); only the mode changes here.
        toBody={(mode) => ({ executionWorkspaceSettings: { ...(settings ?? {}), mode } as UpdateIssueBody["executionWorkspaceSettings"] })}
        disabled={!canAct}
      >
        {MODES.map((mode) => (
          <option key={mode.value} value={mode.value}>
            {mode.label}
          </option>
        ))}
        {known ? null : <option value={stored}>{stored.replace(/_/g, " ")}</option>}
      </SavingSelect>
      <SavingSelect
        issueId={issue.id}
        label="Environment"
        hint="Where this issue's runs execute. Inherit follows the project's workspace policy, then the agent's default."
        value={environmentId}
        // Keep the rest of the settings (mode, strategy); only the environment changes here.
        toBody={(chosen) => ({
          executionWorkspaceSettings: { ...(settings ?? {}), environmentId: chosen || null } as UpdateIssueBody["executionWorkspaceSettings"],
        })}
        disabled={!canAct || environments.isPending}
      >
        <EnvironmentOptions environments={environments.data ?? []} none="Inherit" current={environmentId || null} />
      </SavingSelect>
      {issue.executionWorkspaceId ? (
        <WorkspaceLink workspaceId={issue.executionWorkspaceId} conflicted={conflicted} />
      ) : (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          No execution workspace yet; one is set up when an agent checks the issue out or its next run starts.
        </p>
      )}
    </div>
  );
}

function WorkspaceLink({ workspaceId, conflicted }: { workspaceId: string; conflicted: boolean }) {
  const workspace = useExecutionWorkspace(workspaceId);
  return (
    <div className="space-y-1 text-sm" data-testid="issue-workspace">
      <p className="flex flex-wrap items-center gap-2">
        <span className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Execution workspace</span>
        <Link
          href={`/workspaces/${workspaceId}`}
          className="min-w-0 truncate rounded-sm font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-100"
        >
          {workspace.data?.name ?? "Open workspace"}
        </Link>
        {workspace.data ? <WorkspaceStatusBadge status={workspace.data.status} /> : null}
        {workspace.data?.finalizing ? <Badge tone="amber">finalizing</Badge> : null}
        {conflicted ? <Badge tone="red">environment conflict</Badge> : null}
      </p>
      {workspace.data ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          In{" "}
          <span data-testid="issue-workspace-environment" className="font-medium text-zinc-700 dark:text-zinc-300">
            {workspace.data.environment?.name ?? "no recorded environment"}
          </span>
        </p>
      ) : null}
    </div>
  );
}
