"use client";

import { useCompanyPermissions } from "@/components/board/board-context";
import { PageHeader, Section } from "@/components/ui/page-header";
import { EmptyState, QueryDetail } from "@/components/ui/states";
import { ExecutionConfiguration } from "@/components/workspaces/execution-configuration";
import { WorkspaceBreadcrumbs, WorkspaceIcon, WorkspaceStatusBadge } from "@/components/workspaces/labels";
import { OperationsPanel } from "@/components/workspaces/operations-panel";
import { ServiceQuickControls } from "@/components/workspaces/runtime-controls";
import { JobList, ServicesPanel, runtimeBlocker, runtimeSubject, serviceCounts } from "@/components/workspaces/services-panel";
import { TasksPanel } from "@/components/workspaces/tasks-panel";
import { TabPanel, Tabs, useWorkspaceTab } from "@/components/workspaces/workspace-tabs";
import { useCompanyEvents } from "@/lib/queries/events";
import { type ExecutionWorkspace, useExecutionWorkspace } from "@/lib/queries/workspaces";

const TABS = [
  { id: "tasks", label: "Tasks" },
  { id: "services", label: "Services" },
  { id: "configuration", label: "Configuration" },
  { id: "runtime-logs", label: "Runtime logs" },
  { id: "routines", label: "Routines" },
] as const;

export function WorkspaceDetailClient({ workspaceId, tab }: { workspaceId: string; tab: string | undefined }) {
  const workspace = useExecutionWorkspace(workspaceId);
  return (
    <QueryDetail query={workspace} what="workspace" icon={<WorkspaceIcon className="size-6" />} list={{ href: "/workspaces", label: "workspaces" }}>
      {(data) => <WorkspaceView workspace={data} urlTab={tab} />}
    </QueryDetail>
  );
}

function WorkspaceView({ workspace, urlTab }: { workspace: ExecutionWorkspace; urlTab: string | undefined }) {
  useCompanyEvents(workspace.companyId);
  const { canAct, canAdmin } = useCompanyPermissions(workspace.companyId);
  const [tab, setTab] = useWorkspaceTab(workspace.id, TABS, urlTab);
  const subject = runtimeSubject(workspace);
  const blocker = runtimeBlocker(subject, canAct);
  const { services, running } = serviceCounts(subject);
  const prefix = `workspace-${workspace.id}`;
  return (
    <>
      <WorkspaceBreadcrumbs project={workspace.project ?? null} workspaceName={workspace.name} />
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all">{workspace.name}</span>
            <WorkspaceStatusBadge status={workspace.status} />
          </span>
        }
        description={
          <span className="text-xs">
            {workspace.branchName ? <span className="font-mono">⎇ {workspace.branchName}</span> : "No branch"} · {running}/{services} services running
          </span>
        }
        actions={canAct && !subject.archived ? <ServiceQuickControls target={subject.target} disabledReason={blocker ?? (services ? null : "This workspace has no services in its runtime config")} running={running} /> : null}
      />
      <Tabs label="Workspace sections" tabs={TABS} current={tab} onChange={setTab} idPrefix={prefix} />
      <TabPanel idPrefix={prefix} id={tab}>
        {tab === "tasks" ? <TasksPanel workspace={workspace} /> : null}
        {tab === "services" ? <ServicesPanel subject={subject} canAct={canAct} /> : null}
        {tab === "configuration" ? <ExecutionConfiguration workspace={workspace} canAct={canAct} canAdmin={canAdmin} /> : null}
        {tab === "runtime-logs" ? <OperationsPanel target={subject.target} /> : null}
        {tab === "routines" ? (
          <Section title="Routines" description="Jobs from the runtime config that you can run against this workspace.">
            <JobList
              target={subject.target}
              jobs={workspace.commands.filter((command) => command.kind === "job")}
              blocker={blocker}
              empty={
                <EmptyState
                  title="No routines for this workspace"
                  description={'Routines are the runtime config\'s jobs: add a command with "kind": "job" to the project workspace\'s runtime config (or this workspace\'s override on the Configuration tab) and it appears here.'}
                />
              }
            />
          </Section>
        ) : null}
      </TabPanel>
    </>
  );
}
