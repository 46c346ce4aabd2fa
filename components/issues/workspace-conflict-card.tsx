"use client";

import Link from "next/link";
import { useId } from "react";
import { ConflictSentence, environmentName, ruleLabel } from "@/components/environments/labels";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/format";
import { errorMessage } from "@/lib/queries/client";
import type { EnvironmentConflict } from "@/lib/queries/environments";
import { useResolveWorkspaceConflict } from "@/lib/queries/issues";

/**
 * A run found this issue's workspace provisioned for another environment than the one it was meant for, and did not
 * start there. The board decides: a fresh workspace in the intended environment, or this issue pinned to the
 * workspace's environment. Sits in the thread at the time it was detected, until resolved.
 */
export function WorkspaceConflictCard({ issueId, conflict, canAct }: { issueId: string; conflict: EnvironmentConflict; canAct: boolean }) {
  const titleId = useId();
  const resolve = useResolveWorkspaceConflict(issueId);
  const choice = resolve.isPending ? resolve.variables?.resolution : null;
  const workspaceEnvironment = conflict.workspaceEnvironment;
  const intended = environmentName(conflict.intendedEnvironment, "the instance default");
  return (
    <li
      aria-labelledby={titleId}
      data-workspace-conflict={conflict.workspaceId}
      className="rounded-lg border border-amber-300 bg-amber-50/60 px-4 py-3 dark:border-amber-800/70 dark:bg-amber-950/20"
    >
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <span id={titleId} className="font-medium text-zinc-900 dark:text-zinc-100">
          Workspace environment conflict
        </span>
        <span className="text-zinc-500 dark:text-zinc-400">
          Switchboard · <Time value={conflict.detectedAt} relative />
        </span>
        <Badge tone="amber" className="ml-auto">
          Needs a decision
        </Badge>
      </div>
      <p className="text-sm text-zinc-800 dark:text-zinc-200">
        <ConflictSentence conflict={conflict} /> The run did not start there.
      </p>
      <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
        <dt className="text-zinc-500 dark:text-zinc-400">Workspace environment</dt>
        <dd data-testid="conflict-workspace-environment" className="text-zinc-900 dark:text-zinc-100">
          {environmentName(workspaceEnvironment)}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Intended environment</dt>
        <dd data-testid="conflict-intended-environment" className="text-zinc-900 dark:text-zinc-100">
          {intended}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Chosen by</dt>
        <dd data-testid="conflict-rule" className="text-zinc-900 dark:text-zinc-100">
          {ruleLabel(conflict.rule)}
        </dd>
        {conflict.runId ? (
          <>
            <dt className="text-zinc-500 dark:text-zinc-400">Run</dt>
            <dd>
              <Link href={`/runs/${conflict.runId}`} className="font-mono text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-100">
                {conflict.runId.slice(0, 8)}
              </Link>
            </dd>
          </>
        ) : null}
      </dl>
      {canAct ? (
        <div className="mt-3 space-y-2">
          <div className="flex flex-wrap gap-2">
            <Button
              variant="primary"
              pending={choice === "fresh_workspace"}
              disabled={resolve.isPending}
              onClick={() => resolve.mutate({ resolution: "fresh_workspace" })}
            >
              Move to a fresh workspace
            </Button>
            {workspaceEnvironment ? (
              <Button
                pending={choice === "set_issue_environment"}
                disabled={resolve.isPending}
                onClick={() => resolve.mutate({ resolution: "set_issue_environment", environmentId: workspaceEnvironment.id })}
              >
                Use {workspaceEnvironment.name} for this issue
              </Button>
            ) : null}
          </div>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            A fresh workspace is provisioned in {intended} on the next run; {conflict.workspaceName} stays for anyone else using it.
            {workspaceEnvironment
              ? ` Using ${workspaceEnvironment.name} sets it as this issue's environment, so runs keep working in ${conflict.workspaceName}.`
              : null}{" "}
            Either way the assignee is woken.
          </p>
          {resolve.error ? (
            <p role="alert" className="text-xs text-red-700 dark:text-red-400">
              {errorMessage(resolve.error)}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">A board operator or owner decides how to resolve it.</p>
      )}
    </li>
  );
}
