"use client";

import { useState } from "react";
import { useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { EnvironmentDialog } from "@/components/environments/environment-dialog";
import { isInUse, usageText } from "@/components/environments/labels";
import { Badge } from "@/components/ui/badge";
import { Button, CreateButton } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Checkbox, FormError } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { MonitorIcon } from "@/components/ui/icons";
import { Section } from "@/components/ui/page-header";
import { LoadingText } from "@/components/ui/states";
import { QueryTable, Td, Tr } from "@/components/ui/table";
import { errorMessage, isApiError } from "@/lib/queries/client";
import {
  type Environment,
  type EnvironmentUsage,
  useDeleteEnvironment,
  useEnvironment,
  useEnvironments,
  useUpdateEnvironment,
} from "@/lib/queries/environments";
import { useCompanyEvents } from "@/lib/queries/events";

const muted = <span className="text-zinc-400 dark:text-zinc-500">—</span>;

/**
 * The company's execution environments: where agent runs and workspace commands execute, with the folder they are held
 * to, a PATH prefix and extra variables. Owners create, edit, archive and delete; everyone else reads.
 */
export function EnvironmentsTab({ companyId }: { companyId: string }) {
  useCompanyEvents(companyId);
  const { canAdmin } = useCompanyPermissions(companyId);
  const companyName = useCompanyName(companyId) ?? "this company";
  const [showArchived, setShowArchived] = useState(false);
  const environments = useEnvironments(companyId, { includeArchived: showArchived });
  const archive = useUpdateEnvironment();
  const [editing, setEditing] = useState<Environment | "new" | null>(null);
  const [deleting, setDeleting] = useState<Environment | null>(null);

  return (
    <Section
      title="Environments"
      description={
        canAdmin
          ? `Where runs of ${companyName}'s agents execute. An issue's own choice wins, then its project's workspace policy, then the agent's default, then the instance default.`
          : `Where runs of ${companyName}'s agents execute. Read-only: only company owners can change environments.`
      }
      actions={
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
            <Checkbox checked={showArchived} onChange={(event) => setShowArchived(event.target.checked)} />
            Show archived
          </label>
          {canAdmin ? <CreateButton onClick={() => setEditing("new")}>New environment</CreateButton> : null}
        </div>
      }
    >
      {archive.error ? (
        <div className="mb-3">
          <FormError>{errorMessage(archive.error)}</FormError>
        </div>
      ) : null}
      <QueryTable
        query={environments}
        what="environments"
        rows={2}
        empty={{
          icon: <MonitorIcon className="size-6" />,
          title: "No environments",
          description: "The instance default appears here once the company has one.",
        }}
        label="Environments"
        columns={["Name", "Allowed root", "PATH prefix", "Variables", "Updated"]}
        actions={canAdmin}
        row={(environment) => (
          <Tr key={environment.id} data-environment={environment.name} className={environment.status === "archived" ? "opacity-70" : undefined}>
            <Td>
              <span className="flex flex-wrap items-center gap-1.5">
                <span className="font-medium text-zinc-900 dark:text-zinc-100">{environment.name}</span>
                {environment.isDefault ? <Badge tone="blue">Instance default</Badge> : null}
                {environment.status === "archived" ? <Badge>Archived</Badge> : null}
              </span>
              {environment.description ? <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{environment.description}</span> : null}
            </Td>
            <Td>
              {environment.config.allowedRoot ? (
                <code className="font-mono text-xs break-all">{environment.config.allowedRoot}</code>
              ) : (
                <span className="text-xs text-zinc-400 dark:text-zinc-500">Anywhere</span>
              )}
            </Td>
            <Td>{environment.config.pathPrefix ? <code className="font-mono text-xs break-all">{environment.config.pathPrefix}</code> : muted}</Td>
            <Td>
              <EnvVarNames envVars={environment.envVars} />
            </Td>
            <Td className="text-zinc-500 dark:text-zinc-400">
              <Time value={environment.updatedAt} relative />
            </Td>
            {canAdmin ? (
              <Td className="text-right whitespace-nowrap">
                <Button size="sm" variant="ghost" aria-label={`Edit ${environment.name}`} onClick={() => setEditing(environment)}>
                  Edit
                </Button>
                {environment.isDefault ? null : (
                  <>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`${environment.status === "archived" ? "Unarchive" : "Archive"} ${environment.name}`}
                      pending={archive.isPending && archive.variables?.environmentId === environment.id}
                      disabled={archive.isPending}
                      onClick={() =>
                        archive.mutate({ environmentId: environment.id, body: { status: environment.status === "archived" ? "active" : "archived" } })
                      }
                    >
                      {environment.status === "archived" ? "Unarchive" : "Archive"}
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      className="text-red-600 dark:text-red-400"
                      aria-label={`Delete ${environment.name}`}
                      onClick={() => setDeleting(environment)}
                    >
                      Delete
                    </Button>
                  </>
                )}
              </Td>
            ) : null}
          </Tr>
        )}
      />
      {canAdmin ? (
        <>
          <EnvironmentDialog companyId={companyId} environment={editing === "new" ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
          <DeleteEnvironmentDialog environment={deleting} onClose={() => setDeleting(null)} />
        </>
      ) : null}
    </Section>
  );
}

/** Variable names only: values may be secrets and are for the edit dialog. */
function EnvVarNames({ envVars }: { envVars: Record<string, string> }) {
  const names = Object.keys(envVars);
  if (names.length === 0) return muted;
  return (
    <span className="font-mono text-xs" title={names.join(", ")}>
      {names.length <= 2 ? names.join(", ") : `${names.slice(0, 2).join(", ")} +${names.length - 2}`}
    </span>
  );
}

const usageFrom = (error: unknown): EnvironmentUsage | null => {
  if (!isApiError(error) || error.code !== "environment_in_use") return null;
  const usage = error.details?.usage as EnvironmentUsage | undefined;
  return usage && typeof usage === "object" ? usage : null;
};

/**
 * Deleting asks first and says what still uses the environment (counted when the dialog opens, and again from the
 * server's refusal): an environment in use can't be deleted, so the dialog offers to archive it instead.
 */
function DeleteEnvironmentDialog({ environment, onClose }: { environment: Environment | null; onClose: () => void }) {
  const detail = useEnvironment(environment?.id ?? null);
  const remove = useDeleteEnvironment();
  const archive = useUpdateEnvironment();
  const pending = remove.isPending || archive.isPending;
  const refusedUsage = usageFrom(remove.error);
  const usage = refusedUsage ?? detail.data?.usage ?? null;
  const inUse = usage ? isInUse(usage) : false;
  const close = () => {
    if (pending) return;
    remove.reset();
    archive.reset();
    onClose();
  };
  const otherError = (remove.error && !refusedUsage ? errorMessage(remove.error) : null) ?? (archive.error ? errorMessage(archive.error) : null);
  return (
    <Dialog open={environment !== null} onClose={close} title={environment ? `Delete ${environment.name}?` : "Delete environment?"}>
      {detail.isPending && !refusedUsage ? (
        <LoadingText>Checking what uses it…</LoadingText>
      ) : inUse && usage ? (
        <div
          role={refusedUsage ? "alert" : "note"}
          className="space-y-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200"
        >
          <p className="font-medium">In use by {usageText(usage)}.</p>
          <p>
            An environment that agents, projects, issues or workspaces point at can&apos;t be deleted. Point them elsewhere first, or archive it: archived
            environments stay attached to what uses them but can&apos;t be chosen for anything new.
          </p>
        </div>
      ) : detail.isError ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Couldn&apos;t count what uses it ({errorMessage(detail.error)}). The server still refuses to delete an environment in use. Deleting can&apos;t be
          undone.
        </p>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing uses it. Deleting can&apos;t be undone.</p>
      )}
      {otherError ? (
        <div className="mt-3">
          <FormError>{otherError}</FormError>
        </div>
      ) : null}
      <DialogFooter>
        <Button onClick={close} disabled={pending}>
          Cancel
        </Button>
        {inUse && environment?.status === "active" ? (
          <Button
            variant="primary"
            pending={archive.isPending}
            disabled={pending}
            onClick={() => environment && archive.mutate({ environmentId: environment.id, body: { status: "archived" } }, { onSuccess: close })}
          >
            Archive instead
          </Button>
        ) : null}
        <Button
          variant="danger"
          pending={remove.isPending}
          disabled={pending || (detail.isPending && !refusedUsage) || inUse}
          autoFocus={!inUse}
          onClick={() => environment && remove.mutate(environment.id, { onSuccess: () => close() })}
        >
          Delete environment
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
