"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useCompanyPermissions } from "@/components/board/board-context";
import { ConflictNotice, ConflictSentence } from "@/components/environments/labels";
import { WorkspaceFileMarks } from "@/components/marks/workspace-file-marks";
import { Badge } from "@/components/ui/badge";
import { Button, Spinner } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingText, QueryDetail } from "@/components/ui/states";
import { ExecutionConfiguration, troubleshootingHeadingId } from "@/components/workspaces/execution-configuration";
import { WorkspaceBreadcrumbs, WorkspaceIcon, WorkspaceStatusBadge, finalizingLabel } from "@/components/workspaces/labels";
import { ServiceQuickControls } from "@/components/workspaces/runtime-controls";
import { CleanupFailedNotice } from "@/components/workspaces/cleanup-failed-notice";
import { ServicesPanel, runtimeBlocker, runtimeSubject, serviceCounts } from "@/components/workspaces/services-panel";
import { TasksPanel } from "@/components/workspaces/tasks-panel";
import { TabPanel, Tabs, useWorkspaceTab } from "@/components/workspaces/workspace-tabs";
import { useCompanyEvents } from "@/lib/queries/events";
import { type ExecutionWorkspace, useExecutionWorkspace } from "@/lib/queries/workspaces";

// Tabs opened less often load when first shown, keeping the page's first load small.
const OperationsPanel = dynamic(() => import("@/components/workspaces/operations-panel").then((module) => module.OperationsPanel), {
  loading: () => <LoadingText />,
});
const WorkspaceRoutines = dynamic(() => import("@/components/routines/workspace-routines").then((module) => module.WorkspaceRoutines), {
  loading: () => <LoadingText />,
});

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
  const { finalizing } = workspace;
  const environmentConflict = workspace.environmentConflict;
  const signals = workspace.signals ?? [];
  const showProblems = () => {
    setTab("configuration");
    // The tab renders on the next frame; then bring its troubleshooting card into view and focus.
    requestAnimationFrame(() => {
      const heading = document.getElementById(troubleshootingHeadingId(workspace.id));
      heading?.scrollIntoView({ block: "start", behavior: "smooth" });
      heading?.focus({ preventScroll: true });
    });
  };
  return (
    <>
      <WorkspaceBreadcrumbs project={workspace.project ?? null} workspaceName={workspace.name} />
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all">{workspace.name}</span>
            <WorkspaceStatusBadge status={workspace.status} />
            {finalizing ? (
              <Badge tone="amber">
                <span className="flex items-center gap-1.5" title={`Since ${formatDateTime(finalizing.since)}`}>
                  <Spinner className="size-3" />
                  finalizing · {finalizingLabel(finalizing.phase)}
                </span>
              </Badge>
            ) : null}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-x-1 text-xs">
            <span>
              {workspace.branchName ? <span className="font-mono">⎇ {workspace.branchName}</span> : "No branch"} · {running}/{services} services running
            </span>
            {signals.length ? (
              <>
                <span aria-hidden>·</span>
                <Button
                  size="sm"
                  variant="ghost"
                  className={signals.some((signal) => signal.severity === "error") ? "text-red-700 dark:text-red-400" : "text-amber-800 dark:text-amber-300"}
                  onClick={showProblems}
                >
                  {signals.length} {signals.length === 1 ? "problem" : "problems"} found
                </Button>
              </>
            ) : null}
          </span>
        }
        actions={
          canAct && !subject.archived ? (
            <ServiceQuickControls
              target={subject.target}
              disabledReason={blocker ?? (services ? null : "This workspace has no services in its runtime config")}
              running={running}
              services={services}
            />
          ) : null
        }
      />
      {workspace.status === "cleanup_failed" ? <CleanupFailedNotice className="mb-4" onShowLogs={() => setTab("runtime-logs")} /> : null}
      {environmentConflict ? (
        <ConflictNotice title="Environment conflict">
          <ConflictSentence
            conflict={environmentConflict}
            run={
              environmentConflict.identifier ? (
                <>
                  a run of{" "}
                  <Link href={`/issues/${encodeURIComponent(environmentConflict.identifier)}`} className="font-medium underline underline-offset-2">
                    {environmentConflict.identifier}
                  </Link>
                </>
              ) : (
                "a run"
              )
            }
          />{" "}
          That run did not start here; the board resolves it on the issue.
        </ConflictNotice>
      ) : null}
      <Tabs label="Workspace sections" tabs={TABS} current={tab} onChange={setTab} idPrefix={prefix} />
      <TabPanel idPrefix={prefix} id={tab}>
        {tab === "tasks" ? (
          <>
            <WorkspaceFileMarks companyId={workspace.companyId} workspaceId={workspace.id} />
            <div className="mt-8">
              <TasksPanel workspace={workspace} />
            </div>
          </>
        ) : null}
        {tab === "services" ? <ServicesPanel subject={subject} canAct={canAct} /> : null}
        {tab === "configuration" ? <ExecutionConfiguration workspace={workspace} canAct={canAct} canAdmin={canAdmin} /> : null}
        {tab === "runtime-logs" ? <OperationsPanel target={subject.target} /> : null}
        {tab === "routines" ? (
          // The runtime config's jobs stay on the Services tab beside the services; this tab is for routines.
          <WorkspaceRoutines workspace={workspace} canAct={canAct} archived={subject.archived} />
        ) : null}
      </TabPanel>
    </>
  );
}
