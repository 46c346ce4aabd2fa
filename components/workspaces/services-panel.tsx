"use client";

import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/format";
import { Section } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import type { ExecutionWorkspace, ProjectWorkspace, RuntimeService, WorkspaceCommand, WorkspaceTarget } from "@/lib/queries/workspaces";
import { ExternalLink, ServiceStatusBadge, httpUrl } from "./labels";
import { FeedbackText, useRuntimeControls } from "./runtime-controls";

/** What the runtime panels need of an execution or a project workspace. */
export type RuntimeSubject = {
  target: WorkspaceTarget;
  cwd: string | null;
  commands: WorkspaceCommand[];
  runtimeServices: RuntimeService[];
  runtimeConfigSource: string;
  archived?: boolean;
};

/** The runtime side of an execution workspace (archived ones can't run anything) or a project workspace. */
export function runtimeSubject(workspace: ExecutionWorkspace | ProjectWorkspace): RuntimeSubject {
  const runtime = {
    cwd: workspace.cwd,
    commands: workspace.commands,
    runtimeServices: workspace.runtimeServices,
    runtimeConfigSource: workspace.runtimeConfigSource,
  };
  if ("isPrimary" in workspace) return { target: { kind: "project", projectId: workspace.projectId, id: workspace.id }, ...runtime };
  return { target: { kind: "execution", id: workspace.id }, ...runtime, archived: workspace.status === "archived" };
}

/** How many services the runtime config defines, and how many of them are running now. */
export function serviceCounts(subject: Pick<RuntimeSubject, "commands" | "runtimeServices">): { services: number; running: number } {
  return {
    services: subject.commands.filter((command) => command.kind === "service").length,
    running: subject.runtimeServices.filter((service) => service.status === "running").length,
  };
}

/** Why runtime controls are off for this workspace and caller, or null when they may be used. */
export function runtimeBlocker(subject: Pick<RuntimeSubject, "cwd" | "archived">, canAct: boolean): string | null {
  if (!canAct) return "Viewers can't control workspace runtime";
  if (subject.archived) return "This workspace is archived; its checkout is gone";
  if (!subject.cwd) return "Set a working directory on the Configuration tab first";
  return null;
}

const rowClass = "flex flex-wrap items-start justify-between gap-3 px-4 py-3";

export function ServicesPanel({ subject, canAct }: { subject: RuntimeSubject; canAct: boolean }) {
  const blocker = runtimeBlocker(subject, canAct);
  const services = subject.commands.filter((command) => command.kind === "service");
  const jobs = subject.commands.filter((command) => command.kind === "job");
  return (
    <>
      {!subject.cwd && !subject.archived ? <NoCwdHint /> : null}
      <Section title="Services" description="Long-running processes such as a dev server or a database. Start, stop and restart them here.">
        {subject.runtimeConfigSource === "none" ? (
          <EmptyState
            title="No runtime config"
            description="Neither this workspace nor its project workspace defines runtime config, so there are no services to start. Add a commands array on the Configuration tab (or on the project workspace)."
          />
        ) : services.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">The runtime config defines no services.</p>
        ) : (
          <ul aria-label="Services" className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {services.map((command) => (
              <ServiceRow
                key={command.id}
                target={subject.target}
                command={command}
                service={subject.runtimeServices.find((service) => service.workspaceCommandId === command.id) ?? null}
                blocker={blocker}
              />
            ))}
          </ul>
        )}
      </Section>
      <Section title="Jobs" description="One-shot commands such as a migration or a test run.">
        <JobList target={subject.target} jobs={jobs} blocker={blocker} />
      </Section>
    </>
  );
}

function NoCwdHint() {
  return (
    <p
      role="note"
      className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200"
    >
      This workspace has no working directory, so no command can run in it. Fill in <strong>Working directory</strong> on the Configuration tab and save to turn
      the controls on.
    </p>
  );
}

function ServiceRow({
  target,
  command,
  service,
  blocker,
}: {
  target: WorkspaceTarget;
  command: WorkspaceCommand;
  service: RuntimeService | null;
  blocker: string | null;
}) {
  const controls = useRuntimeControls(target, command.id);
  const disabled = blocker !== null || controls.busy;
  const status = service?.status ?? "not started";
  const url = service?.status === "running" ? httpUrl(service.url) : null;
  const serviceUp = service?.status === "running" || service?.status === "starting";
  const button = (action: "start" | "stop" | "restart", label: string) => (
    <Button
      size="sm"
      // Start leads only while the service can start; a running service's row has no primary action.
      variant={action === "start" && !serviceUp ? "primary" : "secondary"}
      disabled={disabled}
      pending={controls.pendingAction === action}
      title={blocker ?? undefined}
      aria-label={`${label} ${command.name}`}
      onClick={() => controls.run({ scope: "services", action })}
    >
      {label}
    </Button>
  );
  return (
    <li className={rowClass} aria-label={`Service ${command.name}`}>
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{command.name}</span>
          <ServiceStatusBadge status={status} />
          {service?.healthStatus && service.healthStatus !== "unknown" ? <span className="text-xs text-zinc-500">health: {service.healthStatus}</span> : null}
        </div>
        <code className="block truncate font-mono text-xs text-zinc-600 dark:text-zinc-400" title={command.command}>
          {command.command}
        </code>
        <p className="flex flex-wrap gap-x-3 text-xs text-zinc-500 dark:text-zinc-400">
          {(service?.port ?? command.port) ? <span>port {service?.port ?? command.port}</span> : null}
          {url ? <ExternalLink href={url}>{service!.url}</ExternalLink> : null}
          {service?.status === "running" && service.startedAt ? (
            <span>
              started <Time value={service.startedAt} relative />
            </span>
          ) : null}
          {service && service.status !== "running" && service.stoppedAt ? (
            <span>
              stopped <Time value={service.stoppedAt} relative />
            </span>
          ) : null}
        </p>
        {service?.lastError ? <p className="text-xs break-words text-red-600 dark:text-red-400">{service.lastError}</p> : null}
        <FeedbackText feedback={controls.feedback} />
      </div>
      <div className="flex shrink-0 items-center gap-1.5">
        {button("start", "Start")}
        {button("stop", "Stop")}
        {button("restart", "Restart")}
      </div>
    </li>
  );
}

/** The workspace's one-shot jobs, each with Run; also the Routines tab. */
export function JobList({
  target,
  jobs,
  blocker,
  empty,
}: {
  target: WorkspaceTarget;
  jobs: WorkspaceCommand[];
  blocker: string | null;
  empty?: React.ReactNode;
}) {
  if (jobs.length === 0)
    return (
      <>
        {empty ?? <p className="text-sm text-zinc-500 dark:text-zinc-400">No jobs defined. Add a command with kind &quot;job&quot; to the runtime config.</p>}
      </>
    );
  return (
    <ul aria-label="Jobs" className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {jobs.map((job) => (
        <JobRow key={job.id} target={target} job={job} blocker={blocker} />
      ))}
    </ul>
  );
}

function JobRow({ target, job, blocker }: { target: WorkspaceTarget; job: WorkspaceCommand; blocker: string | null }) {
  const controls = useRuntimeControls(target, job.id);
  return (
    <li className={rowClass} aria-label={`Job ${job.name}`}>
      <div className="min-w-0 flex-1 space-y-1">
        <span className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{job.name}</span>
        <code className="block truncate font-mono text-xs text-zinc-600 dark:text-zinc-400" title={job.command}>
          {job.command}
        </code>
        <FeedbackText feedback={controls.feedback} />
      </div>
      <Button
        size="sm"
        variant="primary"
        disabled={blocker !== null || controls.busy}
        pending={controls.pendingAction === "run"}
        title={blocker ?? undefined}
        aria-label={`Run ${job.name}`}
        onClick={() => controls.run({ scope: "commands", action: "run" })}
      >
        Run
      </Button>
    </li>
  );
}
