"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { splitError } from "@/components/ui/errors";
import { Field, FormError, Input, SaveBar, Textarea, fieldProps } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { errorMessage } from "@/lib/queries/client";
import { type ExecutionWorkspace, type UpdateExecutionWorkspaceBody, useUpdateExecutionWorkspace } from "@/lib/queries/workspaces";
import { CloseWorkspaceButton } from "./close-workspace";
import { CopyButton, ExternalLink, httpUrl } from "./labels";
import { AdvancedRuntimeJson, parseRuntimeJson, runtimeErrorsFrom } from "./runtime-json";

const TEXT_FIELDS = [
  { key: "name", label: "Workspace name", hint: "A label used in lists and breadcrumbs." },
  { key: "branchName", label: "Branch name", hint: "The git branch this workspace is checked out on." },
  { key: "cwd", label: "Working directory", hint: "The absolute path where commands run. Without it nothing can run here.", ownerOnly: true },
  { key: "providerRef", label: "Provider path / ref", hint: "For git worktrees, the worktree path.", ownerOnly: true },
  { key: "repoUrl", label: "Repo URL", hint: "The remote the working directory was cloned from." },
  { key: "baseRef", label: "Base ref", hint: "The ref this workspace branched from, e.g. origin/main." },
] as const;
const COMMAND_FIELDS = [
  { key: "provisionCommand", label: "Provision command", hint: "Runs when the workspace is prepared." },
  { key: "teardownCommand", label: "Teardown command", hint: "Runs when the workspace is closed, after cleanup." },
  { key: "cleanupCommand", label: "Cleanup command", hint: "Runs before teardown, e.g. to stop a stray dev server." },
] as const;

/** The fields the form shows, as the server names them in `invalid_params`. */
const SHOWN_FIELDS: readonly string[] = [...TEXT_FIELDS.map((field) => field.key), ...COMMAND_FIELDS.map((field) => `config.${field.key}`)];

type TextKey = (typeof TEXT_FIELDS)[number]["key"];
type CommandKey = (typeof COMMAND_FIELDS)[number]["key"];
type Edits = Partial<Record<TextKey | CommandKey, string>> & { inherit?: boolean; runtimeJson?: string };

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function persisted(workspace: ExecutionWorkspace) {
  const override = workspace.config.workspaceRuntime;
  return {
    name: workspace.name,
    branchName: workspace.branchName ?? "",
    cwd: workspace.cwd ?? "",
    providerRef: workspace.providerRef ?? "",
    repoUrl: workspace.repoUrl ?? "",
    baseRef: workspace.baseRef ?? "",
    provisionCommand: workspace.config.provisionCommand ?? "",
    teardownCommand: workspace.config.teardownCommand ?? "",
    cleanupCommand: workspace.config.cleanupCommand ?? "",
    inherit: override === null,
    // Inheriting: start an override from what is in effect now.
    runtimeJson: pretty(override ?? { commands: workspace.commands }),
  };
}

const cardClass = "rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";

export function ExecutionConfiguration({ workspace, canAct, canAdmin }: { workspace: ExecutionWorkspace; canAct: boolean; canAdmin: boolean }) {
  return (
    <div className="space-y-6">
      <WorkspaceSettingsCard workspace={workspace} canAct={canAct} canAdmin={canAdmin} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <LinkedObjectsCard workspace={workspace} />
        <ConcreteLocationCard workspace={workspace} />
      </div>
      <TroubleshootingCard workspace={workspace} />
    </div>
  );
}

/** The heading the workspace header's "problems" button brings into view. */
export const troubleshootingHeadingId = (workspaceId: string) => `workspace-${workspaceId}-troubleshooting`;

/** What the server found wrong with the workspace when it was read (missing cwd or branch, no runtime config, a held port, a failed close, an environment conflict), each with what to do. */
function TroubleshootingCard({ workspace }: { workspace: ExecutionWorkspace }) {
  const signals = workspace.signals ?? [];
  const headingId = troubleshootingHeadingId(workspace.id);
  return (
    <section aria-labelledby={headingId} className={cardClass}>
      <h2 id={headingId} tabIndex={-1} className="text-sm font-semibold text-zinc-900 focus-visible:outline-none dark:text-zinc-100">
        Troubleshooting
      </h2>
      {signals.length === 0 ? (
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">No problems found.</p>
      ) : (
        <ul className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Workspace problems">
          {signals.map((signal) => (
            <li key={signal.code} data-signal={signal.code} className="flex items-start gap-3 py-2">
              <Badge tone={signal.severity === "error" ? "red" : "amber"}>{signal.severity === "error" ? "Error" : "Warning"}</Badge>
              <div className="min-w-0">
                <p className="text-sm text-zinc-900 dark:text-zinc-100">{signal.message}</p>
                {signal.hint ? <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{signal.hint}</p> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The editable fields; nothing is saved until "Save changes", and "Reset" goes back to what is stored. */
function WorkspaceSettingsCard({ workspace, canAct, canAdmin }: { workspace: ExecutionWorkspace; canAct: boolean; canAdmin: boolean }) {
  const id = useId();
  const update = useUpdateExecutionWorkspace(workspace.id);
  const [edits, setEdits] = useState<Edits>({});
  const [localErrors, setLocalErrors] = useState<{ name?: string; runtime?: string }>({});
  const [saved, setSaved] = useState(false);
  const stored = persisted(workspace);
  const value = <K extends keyof Edits>(key: K) => (edits[key] ?? stored[key as keyof typeof stored]) as NonNullable<Edits[K]>;
  const dirty = Object.keys(edits).length > 0;
  const archived = workspace.status === "archived";
  const readOnly = !canAct || archived;

  const edit = (patch: Edits) => {
    setSaved(false);
    setEdits((previous) => ({ ...previous, ...patch }));
  };

  // Runtime findings are listed under the JSON, so they don't count as unmatched.
  const { fieldErrors: serverFields, formError } = splitError(update.error, SHOWN_FIELDS, ["config.workspaceRuntime"]);
  const fieldError = (key: string) => (key === "name" ? localErrors.name : undefined) ?? serverFields[key] ?? serverFields[`config.${key}`];
  const runtimeErrors = [...(localErrors.runtime ? [localErrors.runtime] : []), ...runtimeErrorsFrom(update.error, "config.workspaceRuntime")];

  function save(event: React.FormEvent) {
    event.preventDefault();
    setLocalErrors({});
    const body: UpdateExecutionWorkspaceBody = {};
    const config: NonNullable<UpdateExecutionWorkspaceBody["config"]> = {};
    for (const { key } of TEXT_FIELDS) {
      if (edits[key] === undefined || edits[key].trim() === stored[key].trim()) continue;
      const text = edits[key].trim();
      if (key === "name") {
        if (!text) return setLocalErrors({ name: "A workspace needs a name." });
        body.name = text;
      } else body[key] = text || null;
    }
    for (const { key } of COMMAND_FIELDS) {
      if (edits[key] === undefined || edits[key].trim() === stored[key].trim()) continue;
      config[key] = edits[key].trim() || null;
    }
    const inherit = value("inherit");
    if (inherit && !stored.inherit) config.workspaceRuntime = null;
    if (!inherit && (edits.runtimeJson !== undefined || stored.inherit)) {
      const parsed = parseRuntimeJson(value("runtimeJson"));
      if (!parsed.ok) return setLocalErrors({ runtime: parsed.error });
      if (stored.inherit || pretty(parsed.value) !== pretty(workspace.config.workspaceRuntime)) config.workspaceRuntime = parsed.value;
    }
    if (Object.keys(config).length) body.config = config;
    if (Object.keys(body).length === 0) {
      setEdits({});
      return;
    }
    update.mutate(body, {
      onSuccess: () => {
        setEdits({});
        setSaved(true);
      },
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className={cardClass}>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={`${id}-title`} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
            Workspace settings
          </h2>
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            Changes stay here until you save them.
            {!canAdmin && canAct ? " Working directory, provider ref, commands and runtime config need a company owner." : null}
          </p>
        </div>
        {canAct ? <CloseWorkspaceButton workspaceId={workspace.id} name={workspace.name} status={workspace.status} /> : null}
      </div>
      <form onSubmit={save} className="space-y-4" noValidate>
        <FormError>{formError}</FormError>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          {TEXT_FIELDS.map((field) => (
            <Field key={field.key} id={`${id}-${field.key}`} label={field.label} hint={field.hint} error={fieldError(field.key)}>
              <Input
                {...fieldProps(`${id}-${field.key}`, fieldError(field.key), true)}
                value={value(field.key)}
                onChange={(event) => edit({ [field.key]: event.target.value })}
                disabled={readOnly || ("ownerOnly" in field && !canAdmin)}
                className={field.key === "name" ? undefined : "font-mono text-xs"}
              />
            </Field>
          ))}
        </div>
        {COMMAND_FIELDS.map((field) => (
          <Field key={field.key} id={`${id}-${field.key}`} label={field.label} hint={field.hint} error={fieldError(field.key)}>
            <Textarea
              {...fieldProps(`${id}-${field.key}`, fieldError(field.key), true)}
              value={value(field.key)}
              onChange={(event) => edit({ [field.key]: event.target.value })}
              disabled={readOnly || !canAdmin}
              rows={2}
              spellCheck={false}
              className="min-h-0 font-mono text-xs"
            />
          </Field>
        ))}
        <RuntimeSourceNotice workspace={workspace} canAct={!readOnly && canAdmin} />
        <AdvancedRuntimeJson
          inherit={value("inherit")}
          onInheritChange={(inherit) => edit({ inherit })}
          text={value("runtimeJson")}
          onTextChange={(runtimeJson) => edit({ runtimeJson })}
          errors={runtimeErrors}
          disabled={readOnly || !canAdmin}
        />
        {readOnly ? null : (
          <SaveBar
            saved={saved}
            dirty={dirty}
            pending={update.isPending}
            onReset={() => {
              setEdits({});
              setLocalErrors({});
              update.reset();
            }}
          />
        )}
      </form>
    </section>
  );
}

const SOURCE_TEXT: Record<string, { title: string; description: string }> = {
  execution_workspace: { title: "Execution workspace override", description: "This workspace has its own runtime config and ignores the project workspace's." },
  project_workspace: { title: "Project workspace default", description: "This workspace inherits its project workspace's runtime config as-is." },
  none: {
    title: "None",
    description:
      "Neither this workspace nor its project workspace defines runtime config, so services can't be started. Jobs may still run if they're provided.",
  },
};

/** Where this workspace's runtime config comes from, and the way back to inheriting it. */
function RuntimeSourceNotice({ workspace, canAct }: { workspace: ExecutionWorkspace; canAct: boolean }) {
  const update = useUpdateExecutionWorkspace(workspace.id);
  const source = SOURCE_TEXT[workspace.runtimeConfigSource] ?? SOURCE_TEXT.none;
  const overriding = workspace.runtimeConfigSource === "execution_workspace";
  const resetBlocked = !overriding
    ? "There is no override to reset"
    : !workspace.projectWorkspaceHasRuntimeConfig
      ? "The project workspace has no runtime config of its own; resetting would leave this workspace with none"
      : null;
  return (
    <div
      role="note"
      aria-label="Runtime config source"
      className="flex flex-wrap items-start justify-between gap-3 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2.5 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <div className="min-w-0">
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Runtime config source</p>
        <p className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{source.title}</p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{source.description}</p>
        {resetBlocked && overriding ? <p className="mt-1 text-xs text-zinc-500">{resetBlocked}.</p> : null}
        {update.error ? (
          <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
            {errorMessage(update.error)}
          </p>
        ) : null}
      </div>
      {canAct ? (
        <Button
          size="sm"
          disabled={resetBlocked !== null}
          title={resetBlocked ?? undefined}
          pending={update.isPending}
          onClick={() => update.mutate({ config: { workspaceRuntime: null } })}
        >
          Reset to inherit
        </Button>
      ) : null}
    </div>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] items-baseline gap-3 py-1.5">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-sm break-words text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

const none = <span className="text-zinc-400 dark:text-zinc-500">None</span>;
const linkClass = "rounded-sm font-medium hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

/** "Linked objects": the project, project workspace, source issue and parent workspace this one hangs off. */
function LinkedObjectsCard({ workspace }: { workspace: ExecutionWorkspace }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className={cardClass}>
      <h2 id={`${id}-title`} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
        Linked objects
      </h2>
      <p className="mt-0.5 mb-2 text-xs text-zinc-500 dark:text-zinc-400">Workspace context: what this workspace is connected to.</p>
      <dl className="divide-y divide-zinc-100 dark:divide-zinc-800">
        <Row label="Project">
          {workspace.project ? (
            <Link href={`/projects/${workspace.project.id}`} className={linkClass}>
              {workspace.project.name}
            </Link>
          ) : (
            none
          )}
        </Row>
        <Row label="Project workspace">
          {workspace.projectWorkspaceId ? (
            <Link href={`/projects/${workspace.projectId}/workspaces/${workspace.projectWorkspaceId}`} className={linkClass}>
              {workspace.projectWorkspace?.name ?? "Project workspace"}
            </Link>
          ) : (
            none
          )}
        </Row>
        <Row label="Source issue">
          {workspace.sourceIssue ? (
            <Link href={`/issues/${encodeURIComponent(workspace.sourceIssue.identifier)}`} className={linkClass}>
              <span className="font-mono text-xs">{workspace.sourceIssue.identifier}</span> {workspace.sourceIssue.title}
            </Link>
          ) : (
            none
          )}
        </Row>
        <Row label="Derived from">
          {workspace.derivedFromExecutionWorkspaceId ? (
            <Link href={`/workspaces/${workspace.derivedFromExecutionWorkspaceId}`} className={`${linkClass} font-mono text-xs`}>
              {workspace.derivedFromExecutionWorkspaceId}
            </Link>
          ) : (
            none
          )}
        </Row>
        <Row label="Workspace ID">
          <span className="flex items-center gap-1">
            <code className="min-w-0 truncate font-mono text-xs">{workspace.id}</code>
            <CopyButton value={workspace.id} label="workspace ID" />
          </span>
        </Row>
      </dl>
    </section>
  );
}

/** "Concrete location": where the workspace is on disk and in git, for scanning and copying. */
function ConcreteLocationCard({ workspace }: { workspace: ExecutionWorkspace }) {
  const id = useId();
  const environment = workspace.environment ?? null;
  const repoLink = httpUrl(workspace.repoUrl);
  const mono = (value: string | null) => (value ? <code className="font-mono text-xs">{value}</code> : none);
  return (
    <section aria-labelledby={`${id}-title`} className={cardClass}>
      <h2 id={`${id}-title`} className="mb-2 text-sm font-semibold text-zinc-900 dark:text-zinc-100">
        Concrete location
      </h2>
      <dl className="divide-y divide-zinc-100 dark:divide-zinc-800">
        <Row label="Environment">
          {environment ? (
            <span className="flex flex-wrap items-center gap-1.5" data-testid="workspace-environment">
              {environment.name}
              {environment.isDefault ? <Badge tone="blue">Instance default</Badge> : null}
            </span>
          ) : (
            <span className="text-zinc-400 dark:text-zinc-500">Not recorded (made before environments; runs treat it as the instance default)</span>
          )}
        </Row>
        <Row label="Working dir">
          {workspace.cwd ? (
            <span className="flex items-center gap-1">
              <code className="min-w-0 font-mono text-xs break-all">{workspace.cwd}</code>
              <CopyButton value={workspace.cwd} label="working directory" />
            </span>
          ) : (
            none
          )}
        </Row>
        <Row label="Provider ref">{mono(workspace.providerRef)}</Row>
        <Row label="Repo URL">{repoLink ? <ExternalLink href={repoLink}>{workspace.repoUrl}</ExternalLink> : mono(workspace.repoUrl)}</Row>
        <Row label="Base ref">{mono(workspace.baseRef)}</Row>
        <Row label="Branch">{mono(workspace.branchName)}</Row>
        <Row label="Opened">
          <Time value={workspace.openedAt} relative />
        </Row>
        <Row label="Last used">
          <Time value={workspace.lastUsedAt} relative />
        </Row>
        <Row label="Cleanup">
          {workspace.cleanupEligibleAt ? (
            <span>
              Eligible <Time value={workspace.cleanupEligibleAt} relative />
              {workspace.cleanupReason ? <span className="text-zinc-500 dark:text-zinc-400"> — {workspace.cleanupReason}</span> : null}
            </span>
          ) : (
            "Not scheduled"
          )}
        </Row>
      </dl>
    </section>
  );
}
