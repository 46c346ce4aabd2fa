import "server-only";
import { existsSync } from "node:fs";
import { recordActivity } from "../activity/record";
import { db } from "../db/client";
import type { ExecutionWorkspace } from "../db/generated/client";
import { TERMINAL_STATUSES, type IssueStatus } from "../schemas/issues";
import { publishWorkspaceEvent } from "../runtime/operations";
import { Conflict } from "../errors";
import { closeExecutionWorkspace } from "./close";
import { gitFacts } from "./git";

/** A project's workspace lifecycle settings (executionWorkspacePolicy.cleanupPolicy). */
export type CleanupPolicy = { idleRetentionDays?: number | null; allowDestructiveCleanup?: boolean };

const DAY_MS = 86_400_000;
// A close that failed is retried by the sweeper at most this often, so a broken teardown doesn't run every minute.
const RETRY_AFTER_MS = 60 * 60_000;
const SWEPT_STATUSES = ["active", "idle", "in_review", "cleanup_failed"];
const RETENTION_REASON = /^Idle [\d.]+ days? after /;

const days = (count: number) => `${Number(count.toFixed(2))} day${count === 1 ? "" : "s"}`;

/**
 * Closes execution workspaces that have sat idle past their project's retention window with every linked issue done
 * or cancelled, through the normal close flow. Before the window ends they carry `cleanupEligibleAt` and the reason;
 * a workspace with uncommitted changes or unmerged commits is refused (and says so) unless the project allows it.
 */
export async function sweepRetention(now = new Date()) {
  const projects = await db.project.findMany({
    where: { executionWorkspacePolicy: { path: ["cleanupPolicy", "idleRetentionDays"], gte: 0 } },
    select: { id: true, executionWorkspacePolicy: true },
  });
  const outcomes: { workspaceId: string; outcome: "scheduled" | "refused" | "closed" | "cleanup_failed" | "cleared" | "skipped" }[] = [];
  for (const project of projects) {
    const policy = ((project.executionWorkspacePolicy as { cleanupPolicy?: CleanupPolicy }).cleanupPolicy ?? {}) as CleanupPolicy;
    const workspaces = await db.executionWorkspace.findMany({ where: { projectId: project.id, status: { in: SWEPT_STATUSES }, finalizingSince: null } });
    for (const workspace of workspaces) {
      // One workspace's trouble (git hanging, a vanished row) must not stop the sweep of the rest.
      const outcome = await sweepOne(workspace, policy, now).catch((error) => {
        console.error(`[switchboard] retention sweep of workspace ${workspace.id} failed`, error);
        return "skipped" as const;
      });
      outcomes.push({ workspaceId: workspace.id, outcome });
    }
  }
  return outcomes;
}

async function sweepOne(workspace: ExecutionWorkspace, policy: CleanupPolicy, now: Date) {
  const retentionDays = policy.idleRetentionDays!;
  const links = await db.executionWorkspaceIssue.findMany({ where: { executionWorkspaceId: workspace.id }, select: { issueId: true } });
  const issues = await db.issue.findMany({
    where: { id: { in: links.map((link) => link.issueId) } },
    select: { identifier: true, status: true, completedAt: true, cancelledAt: true, updatedAt: true },
  });
  const allClosed = issues.length > 0 && issues.every((issue) => TERMINAL_STATUSES.includes(issue.status as IssueStatus));
  if (!allClosed) {
    // Work came back (an issue reopened or a new one linked): a schedule the sweeper set no longer holds.
    if (workspace.cleanupReason && RETENTION_REASON.test(workspace.cleanupReason)) {
      await setSchedule(workspace, null, null);
      return "cleared";
    }
    return "skipped";
  }
  const closedAt = (issue: (typeof issues)[number]) => (issue.completedAt ?? issue.cancelledAt ?? issue.updatedAt).getTime();
  const last = issues.reduce((latest, issue) => (closedAt(issue) > closedAt(latest) ? issue : latest));
  const idleSince = Math.max(closedAt(last), workspace.lastUsedAt.getTime());
  const eligibleAt = new Date(idleSince + retentionDays * DAY_MS);
  const reason = `Idle ${days(retentionDays)} after ${last.identifier} closed`;
  if (eligibleAt > now) {
    await setSchedule(workspace, eligibleAt, reason);
    return "scheduled";
  }
  if (workspace.status === "cleanup_failed" && now.getTime() - workspace.updatedAt.getTime() < RETRY_AFTER_MS) return "skipped";
  const unsaved = policy.allowDestructiveCleanup ? null : await unsavedWork(workspace);
  if (unsaved) {
    const refused = `${reason}; cleanup refused: ${unsaved}`;
    if (workspace.cleanupReason !== refused) {
      await setSchedule(workspace, eligibleAt, refused);
      await db.$transaction((tx) =>
        recordActivity(tx, null, null, {
          companyId: workspace.companyId,
          action: "execution_workspace.cleanup_refused",
          entityType: "execution_workspace",
          entityId: workspace.id,
          details: { reason: refused },
        }),
      );
    }
    return "refused";
  }
  await setSchedule(workspace, eligibleAt, reason);
  // Read again right before closing: an issue reopened, or a run started, since the first look keeps the workspace.
  if (await inUse(workspace.id)) return "skipped";
  try {
    return (await closeExecutionWorkspace(null, null, workspace.id)) === "archived" ? "closed" : "cleanup_failed";
  } catch (error) {
    // Blocked by a live run or already being closed: the next sweep looks again.
    if (error instanceof Conflict) return "skipped";
    throw error;
  }
}

/** Any linked issue open again, or any run of a linked issue still going. */
async function inUse(workspaceId: string) {
  const [{ busy }] = await db.$queryRaw<{ busy: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM execution_workspace_issues l JOIN issues i ON i.id = l.issue_id
       WHERE l.execution_workspace_id = ${workspaceId}::uuid
         AND (NOT (i.status = ANY(${[...TERMINAL_STATUSES]}::text[]))
              OR EXISTS (SELECT 1 FROM heartbeat_runs r WHERE r.issue_id = i.id AND r.status IN ('queued', 'running')))
    ) AS busy`;
  return busy;
}

async function setSchedule(workspace: ExecutionWorkspace, eligibleAt: Date | null, reason: string | null) {
  if (workspace.cleanupEligibleAt?.getTime() === eligibleAt?.getTime() && workspace.cleanupReason === reason) return;
  await db.executionWorkspace.update({ where: { id: workspace.id }, data: { cleanupEligibleAt: eligibleAt, cleanupReason: reason } });
  await publishWorkspaceEvent({ kind: "execution", id: workspace.id, companyId: workspace.companyId }, "workspace.updated");
}

/** What teardown would lose: uncommitted changes and commits not on the base ref; null when nothing. Unknown is not nothing. */
async function unsavedWork(workspace: ExecutionWorkspace): Promise<string | null> {
  if (!workspace.cwd || !existsSync(workspace.cwd)) return null;
  const facts = await gitFacts(workspace.cwd, workspace.branchName, workspace.baseRef, workspace.strategyType === "git_worktree");
  if (!facts || (workspace.baseRef && facts.aheadCount === null)) return "its git state could not be read";
  const parts = [
    ...(facts.dirtyEntryCount + facts.untrackedEntryCount > 0 ? [`${facts.dirtyEntryCount + facts.untrackedEntryCount} uncommitted change(s)`] : []),
    ...(facts.aheadCount ? [`${facts.aheadCount} unmerged commit(s) on ${workspace.branchName}`] : []),
  ];
  return parts.length ? parts.join(" and ") : null;
}
