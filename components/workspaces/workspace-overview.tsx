"use client";

import { useId, useState } from "react";
import { useCompanyPermissions } from "@/components/board/board-context";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/form";
import { EmptyState, ErrorState, LoadingList } from "@/components/ui/states";
import { useWorkspaceOverview } from "@/lib/queries/workspaces";
import { WorkspaceIcon } from "./labels";
import { WorkspaceGroups } from "./workspace-cards";

/**
 * The workspace cards of a company, or of one project (`projectId`): open workspaces by default, archived ones too
 * when asked. There is nothing to create here; workspaces appear when agents run isolated tasks.
 */
export function WorkspaceOverview({
  companyId,
  projectId,
  executionOnly,
  emptyTitle = "No workspace activity yet.",
  emptyHint,
}: {
  companyId: string;
  projectId?: string;
  /** Leave out project workspaces (a project page lists and manages them itself). */
  executionOnly?: boolean;
  emptyTitle?: string;
  emptyHint?: React.ReactNode;
}) {
  const id = useId();
  const [includeArchived, setIncludeArchived] = useState(false);
  const overview = useWorkspaceOverview(companyId, { projectId, includeArchived });
  const { canAct } = useCompanyPermissions(companyId);
  const groups = executionOnly
    ? (overview.data?.groups ?? []).map((group) => ({ ...group, projectWorkspaces: [] })).filter((group) => group.executionWorkspaces.length > 0)
    : (overview.data?.groups ?? []);
  return (
    <div>
      <div className="mb-4 flex items-center justify-end">
        <label htmlFor={`${id}-archived`} className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
          <Checkbox id={`${id}-archived`} checked={includeArchived} onChange={(event) => setIncludeArchived(event.target.checked)} />
          Include archived
        </label>
      </div>
      {overview.isPending ? (
        <LoadingList rows={4} label="Loading workspaces…" />
      ) : overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} title="Couldn't load workspaces" />
      ) : groups.length === 0 ? (
        <EmptyState
          icon={<WorkspaceIcon className="size-6" />}
          title={emptyTitle}
          description={
            emptyHint ??
            "Workspaces appear here on their own when an agent runs a task in an isolated workspace — there's nothing to create by hand. Assign a task in a project with isolated workspaces on and let the agent pick it up."
          }
        />
      ) : (
        <>
          <WorkspaceGroups groups={groups} projectHeaders={!projectId} canAct={canAct} />
          {overview.hasNextPage ? (
            <div className="mt-6 flex justify-center">
              <Button onClick={() => void overview.fetchNextPage()} pending={overview.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
