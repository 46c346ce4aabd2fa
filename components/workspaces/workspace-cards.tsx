"use client";

import Link from "next/link";
import { IssueRef } from "@/components/issues/labels";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/format";
import type { ProjectWorkspace, ProjectWorkspaceCard as ProjectCard, WorkspaceGroup, WorkspaceOverviewItem } from "@/lib/queries/workspaces";
import { CleanupFailedNotice } from "./cleanup-failed-notice";
import { CloseWorkspaceButton } from "./close-workspace";
import { ExternalLink, WorkspaceStatusBadge, httpUrl } from "./labels";
import { ServiceQuickControls } from "./runtime-controls";
import { runtimeBlocker, serviceCounts } from "./services-panel";

const cardClass = "flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/40";
const kindClass = "text-[11px] font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400";
const nameClass =
  "rounded-sm text-sm font-semibold text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-100";

/** Every project with workspace activity, its project workspaces first, then the execution workspaces carved from them. */
export function WorkspaceGroups({ groups, projectHeaders = true, canAct }: { groups: WorkspaceGroup[]; projectHeaders?: boolean; canAct: boolean }) {
  return (
    <div className="space-y-8">
      {groups.map((group) => (
        <section key={group.projectId} aria-label={group.projectName}>
          {projectHeaders ? (
            <h2 className="mb-3 flex items-center gap-2 text-sm font-semibold text-zinc-900 dark:text-zinc-100">
              <Link
                href={`/projects/${group.projectId}?tab=workspaces`}
                className="rounded-sm hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
              >
                {group.projectName}
              </Link>
              {group.runningServiceCount > 0 ? <Badge tone="green">{group.runningServiceCount} running</Badge> : null}
            </h2>
          ) : null}
          <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
            {group.projectWorkspaces.map((card) => (
              <li key={card.id}>
                <ProjectWorkspaceCard workspace={card} canAct={canAct} />
              </li>
            ))}
            {group.executionWorkspaces.map((item) => (
              <li key={item.workspaceId}>
                <ExecutionWorkspaceCard item={item} canAct={canAct} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function Location({ branch, path }: { branch: string | null; path: string | null }) {
  if (!branch && !path) return <p className="text-xs text-zinc-400 dark:text-zinc-500">No branch or path yet</p>;
  return (
    <p className="flex min-w-0 flex-col gap-0.5 font-mono text-xs text-zinc-600 dark:text-zinc-400">
      {branch ? (
        <span className="truncate" title={branch}>
          ⎇ {branch}
        </span>
      ) : null}
      {path ? (
        <span className="truncate" title={path}>
          {path}
        </span>
      ) : null}
    </p>
  );
}

function Services({ running, total, url, urlRunning }: { running: number; total: number; url: string | null; urlRunning: boolean }) {
  const link = urlRunning ? httpUrl(url) : null;
  return (
    <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
      <span className={running > 0 ? "font-medium text-emerald-700 dark:text-emerald-400" : undefined}>
        {running}/{total} services
      </span>
      {link ? (
        <ExternalLink href={link} className="truncate">
          {url}
        </ExternalLink>
      ) : null}
    </p>
  );
}

function ExecutionWorkspaceCard({ item, canAct }: { item: WorkspaceOverviewItem; canAct: boolean }) {
  const target = { kind: "execution" as const, id: item.workspaceId };
  const archived = item.executionWorkspaceStatus === "archived";
  const more = item.linkedIssueCount - item.linkedIssues.length;
  return (
    <article className={cardClass} aria-label={`Execution workspace ${item.workspaceName}`}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className={kindClass}>Execution workspace</span>
            <WorkspaceStatusBadge status={item.executionWorkspaceStatus} />
          </div>
          <Link href={`/workspaces/${item.workspaceId}`} className={nameClass}>
            {item.workspaceName}
          </Link>
        </div>
        {canAct ? <CloseWorkspaceButton workspaceId={item.workspaceId} name={item.workspaceName} status={item.executionWorkspaceStatus} size="sm" /> : null}
      </div>
      {item.executionWorkspaceStatus === "cleanup_failed" ? <CleanupFailedNotice workspaceId={item.workspaceId} /> : null}
      <Location branch={item.branchName} path={item.cwd} />
      <Services running={item.runningServiceCount} total={item.serviceCount} url={item.primaryServiceUrl} urlRunning={item.primaryServiceUrlRunning} />
      {item.linkedIssues.length ? (
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
          <span>Tasks:</span>
          {item.linkedIssues.map((issue) => (
            <span key={issue.id} title={issue.title}>
              <IssueRef identifier={issue.identifier} />
            </span>
          ))}
          {more > 0 ? <span>+{more} more</span> : null}
        </div>
      ) : (
        <p className="text-xs text-zinc-400 dark:text-zinc-500">No linked tasks</p>
      )}
      <div className="mt-auto flex flex-wrap items-end justify-between gap-2 pt-1">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          Updated <Time value={item.lastUpdatedAt} relative />
        </span>
        {canAct && item.hasRuntimeConfig && !archived ? (
          <ServiceQuickControls
            target={target}
            disabledReason={runtimeBlocker({ cwd: item.cwd, archived }, canAct)}
            running={item.runningServiceCount}
            compact
          />
        ) : null}
      </div>
    </article>
  );
}

/** A project workspace: the project's checkout (primary or not) that execution workspaces branch from. */
export function ProjectWorkspaceCard({
  workspace,
  canAct,
  actions,
}: {
  workspace: ProjectCard | ProjectWorkspace;
  canAct: boolean;
  actions?: React.ReactNode;
}) {
  const target = { kind: "project" as const, projectId: workspace.projectId, id: workspace.id };
  const { services, running } = serviceCounts(workspace);
  const withUrl = workspace.runtimeServices.find((service) => service.url) ?? null;
  return (
    <article className={cardClass} aria-label={`Project workspace ${workspace.name}`}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className={kindClass}>Project workspace</span>
            {workspace.isPrimary ? <Badge tone="blue">primary</Badge> : null}
          </div>
          <Link href={`/projects/${workspace.projectId}/workspaces/${workspace.id}`} className={nameClass}>
            {workspace.name}
          </Link>
        </div>
        {actions ? <div className="flex items-center gap-1">{actions}</div> : null}
      </div>
      <Location branch={workspace.repoRef ?? workspace.defaultRef} path={workspace.cwd} />
      <Services running={running} total={services} url={withUrl?.url ?? null} urlRunning={withUrl?.status === "running"} />
      <div className="mt-auto flex flex-wrap items-end justify-between gap-2 pt-1">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          Updated <Time value={workspace.updatedAt} relative />
        </span>
        {canAct && workspace.runtimeConfigSource !== "none" ? (
          <ServiceQuickControls target={target} disabledReason={workspace.cwd ? null : "Set a working directory first"} running={running} compact />
        ) : null}
      </div>
    </article>
  );
}
