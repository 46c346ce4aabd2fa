"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { CompanyPage } from "@/components/board/no-company";
import { LastRun, RoutineSchedule, Until, nextRunAt } from "@/components/routines/labels";
import { RoutineIcon } from "@/components/ui/icons";
import { NewRoutineDialog } from "@/components/routines/routine-dialog";
import { StatusBadge } from "@/components/ui/badge";
import { CreateButton, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, QueryList } from "@/components/ui/states";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useAgents } from "@/lib/queries/agents";
import { useCompanyEvents } from "@/lib/queries/events";
import { useProjects } from "@/lib/queries/projects";
import { routineStatusFilter, useRoutines } from "@/lib/queries/routines";

/** The list page's URL: its status filter, and `new=1` (with a project and workspace) to open the create dialog. */
export type RoutineListParams = { status?: string; create: boolean; projectId?: string; workspaceId?: string };

const FILTERS = [
  { id: "all", label: "All" },
  { id: "active", label: "Active" },
  { id: "paused", label: "Paused" },
] as const;

export function RoutinesClient({ companyId, params }: { companyId: string | null; params: RoutineListParams }) {
  return (
    <CompanyPage title="Routines" companyId={companyId}>
      {(id) => <RoutineList companyId={id} params={params} />}
    </CompanyPage>
  );
}

function StatusFilter({ current }: { current: string }) {
  return (
    <div role="group" aria-label="Show routines" className="mb-4 inline-flex rounded-md border border-zinc-200 p-0.5 dark:border-zinc-800">
      {FILTERS.map((filter) => (
        <Link
          key={filter.id}
          href={filter.id === "all" ? "/routines" : `/routines?status=${filter.id}`}
          aria-current={filter.id === current ? "page" : undefined}
          className={cn(
            "rounded px-2.5 py-1 text-xs font-medium",
            focusRing,
            filter.id === current
              ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
              : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
          )}
        >
          {filter.label}
        </Link>
      ))}
    </div>
  );
}

function RoutineList({ companyId, params }: { companyId: string; params: RoutineListParams }) {
  useCompanyEvents(companyId);
  const router = useRouter();
  const companyName = useCompanyName(companyId);
  const { canAct } = useCompanyPermissions(companyId);
  const filters = routineStatusFilter(params.status);
  const current = filters.status ?? "all";
  const routines = useRoutines(companyId, filters);
  const agents = useAgents(companyId);
  const projects = useProjects(companyId);
  const agentNames = new Map((agents.data ?? []).map((agent) => [agent.id, agent.name]));
  const projectNames = new Map((projects.data ?? []).map((project) => [project.id, project.name]));
  const [creating, setCreating] = useState(params.create && canAct);
  const closeCreate = () => {
    setCreating(false);
    // Opened from a link (the workspace tab's): drop its parameters so a reload doesn't open it again.
    if (params.create) router.replace(current === "all" ? "/routines" : `/routines?status=${current}`, { scroll: false });
  };
  const createButton = canAct ? <CreateButton onClick={() => setCreating(true)}>New routine</CreateButton> : null;

  return (
    <>
      <PageHeader
        title="Routines"
        description={companyName ? `Recurring work ${companyName}'s agents get as issues: on a schedule, on a webhook, or when you run it.` : undefined}
        // With no routines at all the empty state carries the button; filtered lists keep it in the header.
        actions={current === "all" && routines.data?.length === 0 ? null : createButton}
      />
      <StatusFilter current={current} />
      <QueryList
        query={routines}
        what="routines"
        empty={
          <EmptyState
            icon={<RoutineIcon className="size-6" />}
            title={current === "all" ? "No routines yet" : `No ${current} routines`}
            description={
              current === "all"
                ? "A routine is an issue template an agent receives again and again — a daily triage, a weekly dependency update, a check after each deploy. Its title can carry the date and workspace details, and a schedule, a webhook or you decide when it runs."
                : "Switch to All to see the others."
            }
            action={current === "all" ? createButton : null}
          />
        }
      >
        {(rows) => (
          <Table label="Routines" cards>
            <THead>
              <Th>Title</Th>
              <Th>Assignee</Th>
              <Th>Project</Th>
              <Th>Schedule</Th>
              <Th>Next run</Th>
              <Th>Last run</Th>
              <Th>Status</Th>
            </THead>
            <TBody>
              {rows.map((routine) => (
                <Tr key={routine.id} data-testid="routine-row">
                  <Td className="max-w-md">
                    <Link
                      href={`/routines/${routine.id}`}
                      className="rounded-sm font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-100"
                    >
                      {routine.title}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap">
                    {routine.assigneeAgentId ? (
                      (agentNames.get(routine.assigneeAgentId) ?? "—")
                    ) : (
                      <span className="text-zinc-400 dark:text-zinc-500">No one</span>
                    )}
                  </Td>
                  <Td className="max-w-40 truncate text-zinc-500 dark:text-zinc-400">
                    {routine.projectId ? (projectNames.get(routine.projectId) ?? "—") : null}
                  </Td>
                  <Td>
                    <RoutineSchedule triggers={routine.triggers} />
                  </Td>
                  <Td>
                    <span className="max-md:before:content-['Next:_']">
                      <Until value={routine.status === "active" ? nextRunAt(routine.triggers) : null} />
                    </span>
                  </Td>
                  <Td>
                    <LastRun run={routine.lastRun} />
                  </Td>
                  <Td>
                    <StatusBadge status={routine.status} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </QueryList>
      {canAct ? (
        <NewRoutineDialog
          open={creating}
          onClose={closeCreate}
          companyId={companyId}
          preset={params.create ? { projectId: params.projectId, executionWorkspaceId: params.workspaceId } : {}}
        />
      ) : null}
    </>
  );
}
