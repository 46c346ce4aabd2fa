"use client";

import { useId, useState } from "react";
import { useCompanyPermissions } from "@/components/board/board-context";
import { StatusBadge } from "@/components/ui/badge";
import { Button, CreateButton } from "@/components/ui/button";
import { MutationConfirmDialog } from "@/components/ui/confirm-dialog";
import { EnvironmentOptions } from "@/components/environments/labels";
import { splitError } from "@/components/ui/errors";
import { Checkbox, Field, FormError, Input, SaveBar, Select, fieldProps } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { FolderIcon } from "@/components/ui/icons";
import { BackLink, PageHeader, Section } from "@/components/ui/page-header";
import { EmptyState, QueryDetail, QueryList } from "@/components/ui/states";
import { LinkTabs, TabPanel } from "@/components/ui/tabs";
import { ProjectWorkspaceDialog } from "@/components/workspaces/project-workspace-form";
import { ProjectWorkspaceCard } from "@/components/workspaces/workspace-cards";
import { WorkspaceOverview } from "@/components/workspaces/workspace-overview";
import { useEnvironments } from "@/lib/queries/environments";
import { useCompanyEvents } from "@/lib/queries/events";
import { useProject, useUpdateProject } from "@/lib/queries/projects";
import type { Project, UpdateProjectBody } from "@/lib/queries/types";
import { type ProjectWorkspace, useDeleteProjectWorkspace, useProjectWorkspaces } from "@/lib/queries/workspaces";

export type ProjectTab = "overview" | "workspaces";

export function ProjectDetailClient({ projectId, tab, workspacesEnabled }: { projectId: string; tab: ProjectTab; workspacesEnabled: boolean }) {
  const project = useProject(projectId);
  return (
    <>
      <BackLink href="/projects">Projects</BackLink>
      <QueryDetail query={project} what="project" icon={<FolderIcon className="size-6" />} list={{ href: "/projects", label: "projects" }}>
        {(data) => <ProjectView project={data} tab={tab} workspacesEnabled={workspacesEnabled} />}
      </QueryDetail>
    </>
  );
}

function ProjectView({ project, tab, workspacesEnabled }: { project: Project; tab: ProjectTab; workspacesEnabled: boolean }) {
  useCompanyEvents(project.companyId);
  const tabs = [
    { id: "overview", label: "Overview", href: `/projects/${project.id}` },
    ...(workspacesEnabled ? [{ id: "workspaces", label: "Workspaces", href: `/projects/${project.id}?tab=workspaces` }] : []),
  ];
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {project.color ? <span aria-hidden className="size-3 shrink-0 rounded-full" style={{ backgroundColor: project.color }} /> : null}
            {project.name}
            <StatusBadge status={project.archivedAt ? "archived" : project.status} />
          </span>
        }
        description={project.goals.length ? `Goals: ${project.goals.map((goal) => goal.title).join(", ")}` : undefined}
      />
      <LinkTabs label="Project sections" current={tab} tabs={tabs} />
      <TabPanel id={tab}>
        {tab === "workspaces" ? <ProjectWorkspaces project={project} /> : <Overview project={project} workspacesEnabled={workspacesEnabled} />}
      </TabPanel>
    </>
  );
}

function Overview({ project, workspacesEnabled }: { project: Project; workspacesEnabled: boolean }) {
  return (
    <>
      <Section title="Description">
        {project.description ? (
          <p className="text-sm leading-relaxed break-words whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">{project.description}</p>
        ) : (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No description.</p>
        )}
      </Section>
      <Section title="Details">
        <dl className="grid grid-cols-2 gap-4 rounded-lg border border-zinc-200 p-4 text-sm sm:grid-cols-4 dark:border-zinc-800">
          <Item label="Status">
            <StatusBadge status={project.archivedAt ? "archived" : project.status} />
          </Item>
          <Item label="Target date">{project.targetDate ?? "—"}</Item>
          <Item label="Created">
            <Time value={project.createdAt} />
          </Item>
          <Item label="Updated">
            <Time value={project.updatedAt} relative />
          </Item>
        </dl>
      </Section>
      {workspacesEnabled ? (
        <>
          <WorkspacePolicy project={project} />
          <WorkspaceLifecycle project={project} />
        </>
      ) : null}
    </>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

type Policy = NonNullable<UpdateProjectBody["executionWorkspacePolicy"]>;
type DefaultMode = "isolated_workspace" | "shared_workspace";
type CleanupPolicy = { idleRetentionDays: number | null; allowDestructiveCleanup: boolean };

const storedPolicy = (project: Project) => (project.executionWorkspacePolicy ?? null) as Policy | null;

/** A policy change keeps every other key of the stored policy; `enabled` is required, so an unset policy starts off. */
function policyWith(project: Project, change: Partial<Policy>): UpdateProjectBody {
  const policy = storedPolicy(project);
  return { executionWorkspacePolicy: { ...(policy ?? {}), enabled: policy?.enabled === true, ...change } };
}

/**
 * Owners choose whether tasks in this project get isolated workspaces, and in which environment their runs execute;
 * both decide what runs on the server, so owners only.
 */
function WorkspacePolicy({ project }: { project: Project }) {
  const id = useId();
  const { canAdmin } = useCompanyPermissions(project.companyId);
  const update = useUpdateProject(project.id);
  const environments = useEnvironments(project.companyId, { includeArchived: true });
  const policy = storedPolicy(project);
  const enabled = policy?.enabled === true;
  const defaultMode: DefaultMode = policy?.defaultMode === "shared_workspace" ? "shared_workspace" : "isolated_workspace";
  const environmentId = policy?.environmentId ?? "";
  const save = (change: Partial<Policy>) => update.mutate(policyWith(project, change));
  const { fieldErrors, formError } = splitError(update.error, POLICY_FIELDS);
  const modeError = fieldErrors["executionWorkspacePolicy.defaultMode"] ?? formError ?? undefined;
  const environmentError = fieldErrors["executionWorkspacePolicy.environmentId"] ?? (environments.isError ? "Couldn't load environments." : undefined);
  return (
    <Section
      title="Isolated workspaces"
      description="Whether an agent checking out a task here gets its own git worktree, branched from the project's primary workspace, and where its runs execute."
    >
      <div className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <label className="flex items-center gap-2 text-sm font-medium text-zinc-900 dark:text-zinc-100">
          <Checkbox checked={enabled} disabled={!canAdmin || update.isPending} onChange={(event) => save({ enabled: event.target.checked, defaultMode })} />
          Isolated workspaces
        </label>
        <Field id={`${id}-mode`} label="Default workspace mode" error={modeError} hint="Issues can still choose their own mode on the issue page.">
          <Select
            {...fieldProps(`${id}-mode`, modeError, true)}
            value={defaultMode}
            disabled={!canAdmin || !enabled || update.isPending}
            onChange={(event) => save({ enabled, defaultMode: event.target.value as DefaultMode })}
            className="max-w-xs"
          >
            <option value="isolated_workspace">Isolated (new workspace per task)</option>
            <option value="shared_workspace">Project primary workspace</option>
          </Select>
        </Field>
        <Field
          id={`${id}-environment`}
          label="Environment"
          error={environmentError}
          hint="Runs of this project's issues execute here unless the issue names its own. Agents pinned to local stay local. A workspace made in another environment is flagged as a conflict rather than reused."
        >
          <Select
            {...fieldProps(`${id}-environment`, environmentError, true)}
            value={environmentId}
            disabled={!canAdmin || update.isPending || environments.isPending}
            onChange={(event) => save({ environmentId: event.target.value || null })}
            className="max-w-xs"
          >
            <EnvironmentOptions environments={environments.data ?? []} none="None (agent or instance default)" current={environmentId || null} />
          </Select>
        </Field>
        {!canAdmin ? <p className="text-xs text-zinc-500 dark:text-zinc-400">Only company owners can change the workspace policy.</p> : null}
      </div>
    </Section>
  );
}

const POLICY_FIELDS = ["executionWorkspacePolicy.defaultMode", "executionWorkspacePolicy.environmentId"] as const;
const LIFECYCLE_FIELDS = [
  "executionWorkspacePolicy.cleanupPolicy.idleRetentionDays",
  "executionWorkspacePolicy.cleanupPolicy.allowDestructiveCleanup",
] as const;

function storedCleanup(project: Project): CleanupPolicy {
  const cleanup = (storedPolicy(project)?.cleanupPolicy ?? null) as Partial<CleanupPolicy> | null;
  return {
    idleRetentionDays: typeof cleanup?.idleRetentionDays === "number" ? cleanup.idleRetentionDays : null,
    allowDestructiveCleanup: cleanup?.allowDestructiveCleanup === true,
  };
}

/**
 * When finished tasks' workspaces are closed on their own: after some idle days once every linked issue is done or
 * cancelled. Nothing is saved until "Save changes".
 */
function WorkspaceLifecycle({ project }: { project: Project }) {
  const id = useId();
  const { canAdmin } = useCompanyPermissions(project.companyId);
  const update = useUpdateProject(project.id);
  const stored = storedCleanup(project);
  const [days, setDays] = useState<string | null>(null);
  const [destructive, setDestructive] = useState<boolean | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const daysText = days ?? (stored.idleRetentionDays === null ? "" : String(stored.idleRetentionDays));
  const allowDestructive = destructive ?? stored.allowDestructiveCleanup;
  const dirty = days !== null || destructive !== null;
  const { fieldErrors, formError } = splitError(update.error, LIFECYCLE_FIELDS);
  const daysError = localError ?? fieldErrors["executionWorkspacePolicy.cleanupPolicy.idleRetentionDays"];
  const destructiveError = fieldErrors["executionWorkspacePolicy.cleanupPolicy.allowDestructiveCleanup"];

  const reset = () => {
    setDays(null);
    setDestructive(null);
    setLocalError(null);
    update.reset();
  };

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const text = daysText.trim();
    const idleRetentionDays = text === "" ? null : Number(text);
    if (idleRetentionDays !== null && (!Number.isInteger(idleRetentionDays) || idleRetentionDays < 0))
      return setLocalError("A whole number of days, or empty for never.");
    setLocalError(null);
    update.mutate(policyWith(project, { cleanupPolicy: { idleRetentionDays, allowDestructiveCleanup: allowDestructive } }), {
      onSuccess: () => {
        setDays(null);
        setDestructive(null);
        setSaved(true);
      },
    });
  }

  return (
    <Section title="Workspace lifecycle" description="Closing execution workspaces whose tasks are finished, so worktrees and services don't pile up.">
      <form onSubmit={submit} className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" noValidate>
        <FormError>{formError}</FormError>
        <Field
          id={`${id}-days`}
          label="Idle retention (days)"
          optional
          error={daysError}
          hint="Once every linked issue is done or cancelled, close the workspace after this many idle days. Empty: never close on its own."
        >
          <Input
            {...fieldProps(`${id}-days`, daysError, true)}
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            value={daysText}
            placeholder="Never"
            disabled={!canAdmin || update.isPending}
            onChange={(event) => {
              setSaved(false);
              setDays(event.target.value);
            }}
            className="max-w-40"
          />
        </Field>
        <div className="space-y-1">
          <label className="flex items-start gap-2 text-sm text-zinc-900 dark:text-zinc-100">
            <Checkbox
              className="mt-0.5"
              checked={allowDestructive}
              aria-describedby={`${id}-destructive-hint`}
              disabled={!canAdmin || update.isPending}
              onChange={(event) => {
                setSaved(false);
                setDestructive(event.target.checked);
              }}
            />
            Allow cleanup of workspaces with uncommitted changes or unmerged commits
          </label>
          <p
            id={`${id}-destructive-hint`}
            className={destructiveError ? "pl-6 text-xs text-red-600 dark:text-red-400" : "pl-6 text-xs text-zinc-500 dark:text-zinc-400"}
          >
            {destructiveError ??
              "Off: such workspaces are left alone and their cleanup is refused, so unsaved work is never thrown away. The branch is always kept."}
          </p>
        </div>
        {canAdmin ? (
          <SaveBar saved={saved} dirty={dirty} pending={update.isPending} onReset={reset} />
        ) : (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Only company owners can change the workspace lifecycle.</p>
        )}
      </form>
    </Section>
  );
}

function ProjectWorkspaces({ project }: { project: Project }) {
  const { canAct, canAdmin } = useCompanyPermissions(project.companyId);
  const workspaces = useProjectWorkspaces(project.id);
  const remove = useDeleteProjectWorkspace(project.id);
  const [editing, setEditing] = useState<ProjectWorkspace | "new" | null>(null);
  const [deleting, setDeleting] = useState<ProjectWorkspace | null>(null);
  return (
    <>
      <Section
        title="Project workspaces"
        description="Checkouts of the project's code. Isolated workspaces branch from the primary one; each can run its own services."
        actions={canAdmin && workspaces.data?.length ? <CreateButton onClick={() => setEditing("new")}>Add workspace</CreateButton> : null}
      >
        <QueryList
          query={workspaces}
          what="project workspaces"
          rows={2}
          empty={
            <EmptyState
              icon={<FolderIcon className="size-6" />}
              title="No project workspaces yet"
              description="Add one pointing at the project's checkout so agents' isolated workspaces can branch from it."
              action={canAdmin ? <CreateButton onClick={() => setEditing("new")}>Add workspace</CreateButton> : null}
            />
          }
        >
          {(rows) => (
            <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
              {rows.map((workspace) => (
                <li key={workspace.id}>
                  <ProjectWorkspaceCard
                    workspace={workspace}
                    canAct={canAct}
                    actions={
                      canAdmin ? (
                        <>
                          <Button size="sm" variant="ghost" aria-label={`Edit ${workspace.name}`} onClick={() => setEditing(workspace)}>
                            Edit
                          </Button>
                          <Button
                            size="sm"
                            variant="ghost"
                            className="text-red-600 dark:text-red-400"
                            aria-label={`Delete ${workspace.name}`}
                            onClick={() => setDeleting(workspace)}
                          >
                            Delete
                          </Button>
                        </>
                      ) : null
                    }
                  />
                </li>
              ))}
            </ul>
          )}
        </QueryList>
      </Section>
      <Section title="Execution workspaces" description="Isolated workspaces provisioned for tasks in this project.">
        <WorkspaceOverview
          companyId={project.companyId}
          projectId={project.id}
          executionOnly
          emptyTitle="No execution workspaces yet."
          emptyHint="They appear here on their own when an agent checks out a task in this project with isolated workspaces on."
        />
      </Section>
      {canAdmin ? (
        <ProjectWorkspaceDialog
          key={editing === null ? "closed" : editing === "new" ? "new" : editing.id}
          projectId={project.id}
          workspace={editing === "new" ? null : editing}
          open={editing !== null}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <MutationConfirmDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(workspace) => workspace.id}
        title={deleting ? `Delete ${deleting.name}?` : "Delete workspace?"}
        description="Its running services are stopped first. The files on disk stay where they are. Refused while open execution workspaces were carved from it."
        confirmLabel="Delete workspace"
      />
    </>
  );
}
