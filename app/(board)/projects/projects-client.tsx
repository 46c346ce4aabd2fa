"use client";

import { useState } from "react";
import { useBoard, useCompanyPermissions } from "@/components/board/board-context";
import { NoCompany } from "@/components/board/no-company";
import { NewProjectDialog } from "@/components/projects/new-project-dialog";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/format";
import { FolderIcon, PlusIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingList } from "@/components/ui/states";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useGoals } from "@/lib/queries/goals";
import { useProjects } from "@/lib/queries/projects";

export function ProjectsClient({ companyId }: { companyId: string | null }) {
  if (!companyId) {
    return (
      <>
        <PageHeader title="Projects" />
        <NoCompany />
      </>
    );
  }
  return <ProjectList companyId={companyId} />;
}

function ProjectList({ companyId }: { companyId: string }) {
  const { companies } = useBoard();
  const { canAct } = useCompanyPermissions(companyId);
  const projects = useProjects(companyId);
  const goals = useGoals(companyId);
  const [creating, setCreating] = useState(false);
  const companyName = companies.find((company) => company.id === companyId)?.name;

  const newProjectButton = canAct ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <PlusIcon className="size-3.5" />
      New project
    </Button>
  ) : null;

  return (
    <>
      <PageHeader title="Projects" description={companyName ? `Projects in ${companyName}.` : undefined} actions={projects.data?.length ? newProjectButton : null} />
      {projects.isPending ? (
        <LoadingList label="Loading projects…" />
      ) : projects.isError ? (
        <ErrorState error={projects.error} onRetry={() => void projects.refetch()} title="Couldn't load projects" />
      ) : projects.data.length === 0 ? (
        <EmptyState
          icon={<FolderIcon className="size-6" />}
          title="No projects yet"
          description={canAct ? "Create a project to group the work your agents pick up." : "Projects appear here once an operator creates them."}
          action={newProjectButton}
        />
      ) : (
        <Table label="Projects">
          <THead>
            <Th>Name</Th>
            <Th>Status</Th>
            <Th>Goals</Th>
            <Th>Target date</Th>
            <Th className="text-right">Created</Th>
          </THead>
          <TBody>
            {projects.data.map((project) => (
              <Tr key={project.id}>
                <Td className="max-w-md">
                  <div className="flex items-center gap-2">
                    {project.color ? <span aria-hidden className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: project.color }} /> : null}
                    <span className="font-medium text-zinc-900 dark:text-zinc-100">{project.name}</span>
                  </div>
                  {project.description ? <p className="mt-0.5 line-clamp-1 text-xs text-zinc-500 dark:text-zinc-400">{project.description}</p> : null}
                </Td>
                <Td>
                  <StatusBadge status={project.archivedAt ? "archived" : project.status} />
                </Td>
                <Td className="max-w-56 truncate text-zinc-500 dark:text-zinc-400">{project.goals.map((goal) => goal.title).join(", ") || "—"}</Td>
                <Td className="text-zinc-500 dark:text-zinc-400">{project.targetDate ?? "—"}</Td>
                <Td className="text-right text-zinc-500 dark:text-zinc-400">
                  <Time value={project.createdAt} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {canAct ? <NewProjectDialog open={creating} onClose={() => setCreating(false)} companyId={companyId} goals={goals.data ?? []} /> : null}
    </>
  );
}
