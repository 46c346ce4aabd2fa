"use client";

import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Section } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/badge";
import { EmptyState, QueryList } from "@/components/ui/states";
import { type Routine, useRoutines } from "@/lib/queries/routines";
import { RoutineIcon } from "@/components/ui/icons";
import { LastRun, RoutineSchedule } from "./labels";
import { RunRoutineButton } from "./run-routine";

const WORKSPACE_VARIABLE = /\{\{\s*workspace\.[a-z_]+\s*\}\}/i;

/** Whether a routine's templates read the workspace it runs in ({{workspace.name}}, {{workspace.branch}}, …). */
export function usesWorkspaceVariables(routine: Pick<Routine, "title" | "description">): boolean {
  return WORKSPACE_VARIABLE.test(routine.title) || WORKSPACE_VARIABLE.test(routine.description ?? "");
}

/** The routines that belong on a workspace's tab: bound to it, or unbound in its project and reading workspace variables. */
export function routinesForWorkspace(routines: Routine[], workspace: { id: string; projectId: string | null }): Routine[] {
  return routines.filter(
    (routine) =>
      routine.status !== "archived" &&
      (routine.executionWorkspaceId === workspace.id ||
        (!routine.executionWorkspaceId && routine.projectId !== null && routine.projectId === workspace.projectId && usesWorkspaceVariables(routine))),
  );
}

/**
 * The workspace's Routines tab: the routines that use workspace variables, each runnable against this workspace (the
 * created issue runs here and its templates carry this workspace's name, branch and path).
 */
export function WorkspaceRoutines({
  workspace,
  canAct,
  archived,
}: {
  workspace: { id: string; companyId: string; projectId: string | null };
  canAct: boolean;
  archived?: boolean;
}) {
  const routines = useRoutines(workspace.companyId);
  const shown = { ...routines, data: routines.data ? routinesForWorkspace(routines.data, workspace) : undefined };
  const createHref = `/routines?${new URLSearchParams({ new: "1", workspaceId: workspace.id, ...(workspace.projectId ? { projectId: workspace.projectId } : {}) })}`;
  return (
    <Section
      title="Routines"
      description="Routines that use this workspace's variables ({{workspace.name}}, {{workspace.branch}}, {{workspace.path}}); run one here to give its agent an issue in this workspace."
      actions={
        canAct && routines.data && shown.data?.length ? (
          <ButtonLink size="sm" href={createHref}>
            New routine
          </ButtonLink>
        ) : null
      }
    >
      <QueryList
        query={shown}
        what="routines"
        empty={
          <EmptyState
            icon={<RoutineIcon className="size-6" />}
            title="No routines for this workspace"
            description="Bind a routine to this workspace, or give a routine in its project a title or description with {{workspace.name}}, {{workspace.branch}} or {{workspace.path}}, and it appears here."
            action={
              canAct ? (
                <ButtonLink variant="primary" href={createHref}>
                  New routine for this workspace
                </ButtonLink>
              ) : null
            }
          />
        }
      >
        {(rows) => (
          <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800/80 dark:border-zinc-800">
            {rows.map((routine) => (
              <li key={routine.id} data-testid="workspace-routine" className="flex flex-wrap items-start justify-between gap-3 px-3 py-2.5">
                <div className="min-w-0 space-y-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <Link
                      href={`/routines/${routine.id}`}
                      className="rounded-sm text-sm font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-100"
                    >
                      {routine.title}
                    </Link>
                    {routine.status === "paused" ? <StatusBadge status="paused" /> : null}
                    {routine.executionWorkspaceId === workspace.id ? <span className="text-xs text-zinc-500 dark:text-zinc-400">bound here</span> : null}
                  </p>
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
                    <RoutineSchedule triggers={routine.triggers} />
                    <span className="flex items-center gap-1.5">
                      Last run: <LastRun run={routine.lastRun} />
                    </span>
                  </div>
                </div>
                {canAct && !archived ? (
                  <RunRoutineButton routine={routine} executionWorkspaceId={workspace.id} label="Run against this workspace" variant="secondary" size="sm" />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </Section>
  );
}
