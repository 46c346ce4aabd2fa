"use client";

import { useCompanyPermissions } from "@/components/board/board-context";
import { Badge } from "@/components/ui/badge";
import { PageHeader, Section } from "@/components/ui/page-header";
import { QueryDetail } from "@/components/ui/states";
import { WorkspaceBreadcrumbs, WorkspaceIcon } from "@/components/workspaces/labels";
import { OperationsPanel } from "@/components/workspaces/operations-panel";
import { ProjectWorkspaceSettings } from "@/components/workspaces/project-workspace-form";
import { ServiceQuickControls } from "@/components/workspaces/runtime-controls";
import { ServicesPanel, runtimeBlocker, runtimeSubject, serviceCounts } from "@/components/workspaces/services-panel";
import { TabPanel, Tabs, useWorkspaceTab } from "@/components/workspaces/workspace-tabs";
import { useCompanyEvents } from "@/lib/queries/events";
import { useProject } from "@/lib/queries/projects";
import { type ProjectWorkspace, useProjectWorkspace } from "@/lib/queries/workspaces";

const TABS = [
  { id: "services", label: "Services" },
  { id: "configuration", label: "Configuration" },
  { id: "runtime-logs", label: "Runtime logs" },
] as const;

export function ProjectWorkspaceDetailClient({ projectId, workspaceId, tab }: { projectId: string; workspaceId: string; tab: string | undefined }) {
  const workspace = useProjectWorkspace(projectId, workspaceId);
  return (
    <QueryDetail
      query={workspace}
      what="project workspace"
      icon={<WorkspaceIcon className="size-6" />}
      list={{ href: `/projects/${projectId}?tab=workspaces`, label: "the project" }}
    >
      {(data) => <ProjectWorkspaceView workspace={data} urlTab={tab} />}
    </QueryDetail>
  );
}

function ProjectWorkspaceView({ workspace, urlTab }: { workspace: ProjectWorkspace; urlTab: string | undefined }) {
  useCompanyEvents(workspace.companyId);
  const project = useProject(workspace.projectId);
  const { canAct, canAdmin } = useCompanyPermissions(workspace.companyId);
  const [tab, setTab] = useWorkspaceTab(workspace.id, TABS, urlTab);
  const subject = runtimeSubject(workspace);
  const blocker = runtimeBlocker(subject, canAct);
  const { services, running } = serviceCounts(subject);
  const prefix = `project-workspace-${workspace.id}`;
  return (
    <>
      <WorkspaceBreadcrumbs project={{ id: workspace.projectId, name: project.data?.name ?? "Project" }} workspaceName={workspace.name} />
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {workspace.name}
            <Badge>Project workspace</Badge>
            {workspace.isPrimary ? <Badge tone="blue">primary</Badge> : null}
          </span>
        }
        description={
          <span className="font-mono text-xs">
            {workspace.cwd ?? "no working directory"} · {running}/{services} services running
          </span>
        }
        actions={
          canAct ? (
            <ServiceQuickControls
              target={subject.target}
              disabledReason={blocker ?? (services ? null : "This workspace has no services in its runtime config")}
              running={running}
              services={services}
            />
          ) : null
        }
      />
      <Tabs label="Workspace sections" tabs={TABS} current={tab} onChange={setTab} idPrefix={prefix} />
      <TabPanel idPrefix={prefix} id={tab}>
        {tab === "services" ? <ServicesPanel subject={subject} canAct={canAct} /> : null}
        {tab === "configuration" ? (
          <Section
            title="Workspace settings"
            description="The checkout, its commands and its runtime config. Execution workspaces carved from it inherit the runtime config unless they override it."
          >
            <ProjectWorkspaceSettings workspace={workspace} canAdmin={canAdmin} />
          </Section>
        ) : null}
        {tab === "runtime-logs" ? <OperationsPanel target={subject.target} /> : null}
      </TabPanel>
    </>
  );
}
