"use client";

import Link from "next/link";
import { useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { CompanyPage } from "@/components/board/no-company";
import { NewProjectDialog } from "@/components/projects/new-project-dialog";
import { StatusBadge } from "@/components/ui/badge";
import { Time } from "@/components/ui/format";
import { FolderIcon } from "@/components/ui/icons";
import { ListPage } from "@/components/ui/list-page";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useGoals } from "@/lib/queries/goals";
import { useProjects } from "@/lib/queries/projects";

export function ProjectsClient({ companyId }: { companyId: string | null }) {
  return (
    <CompanyPage title="Projects" companyId={companyId}>
      {(id) => <ProjectList companyId={id} />}
    </CompanyPage>
  );
}

function ProjectList({ companyId }: { companyId: string }) {
  const companyName = useCompanyName(companyId);
  const { canAct } = useCompanyPermissions(companyId);
  const projects = useProjects(companyId);
  const goals = useGoals(companyId);

  return (
    <ListPage
      title="Projects"
      description={companyName ? `Projects in ${companyName}.` : undefined}
      query={projects}
      what="projects"
      empty={{
        icon: <FolderIcon className="size-6" />,
        title: "No projects yet",
        description: canAct ? "Create a project to group the work your agents pick up." : "Projects appear here once an operator creates them.",
      }}
      create={canAct ? { label: "New project", dialog: (dialog) => <NewProjectDialog {...dialog} companyId={companyId} goals={goals.data ?? []} /> } : null}
    >
      {(rows) => (
        <Table label="Projects" cards>
          <THead>
            <Th>Name</Th>
            <Th>Status</Th>
            <Th>Goals</Th>
            <Th>Target date</Th>
            <Th className="text-right">Created</Th>
          </THead>
          <TBody>
            {rows.map((project) => (
              <Tr key={project.id}>
                <Td className="max-w-md">
                  <div className="flex items-center gap-2">
                    {project.color ? <span aria-hidden className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: project.color }} /> : null}
                    <Link
                      href={`/projects/${project.id}`}
                      className="rounded-sm font-medium text-zinc-900 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-100"
                    >
                      {project.name}
                    </Link>
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
    </ListPage>
  );
}
