import "server-only";
import { actorColumns, type Actor } from "../auth/actor";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { isUuid } from "../schemas/agents";
import type { WorkspaceOperation } from "../db/generated/client";
import { Conflict } from "../errors";
import { publishEvent } from "../events/publish";
import { operationLogPath } from "./logs";
import { hostId } from "./processes";

/** Which workspace an operation or service belongs to: an execution workspace or a project workspace. */
export type WorkspaceRef = { kind: "execution" | "project"; id: string; companyId: string };

export const OPERATION_PHASES = [
  "worktree_prepare",
  "workspace_provision",
  "service_start",
  "service_stop",
  "service_restart",
  "job_run",
  "workspace_cleanup",
  "workspace_teardown",
  "worktree_cleanup",
] as const;
export type OperationPhase = (typeof OPERATION_PHASES)[number];

/** The column that ties a row to its workspace. */
export const ownerColumns = (ref: WorkspaceRef) => (ref.kind === "execution" ? { executionWorkspaceId: ref.id } : { projectWorkspaceId: ref.id });

export async function publishWorkspaceEvent(ref: WorkspaceRef, type: string) {
  await publishEvent(db, {
    companyId: ref.companyId,
    type,
    entityType: ref.kind === "execution" ? "execution_workspace" : "project_workspace",
    entityId: ref.id,
  });
}

/**
 * Opens a `running` operation, or a `queued` one for the instance named by `queuedFor` (lib/runtime/handoff.ts). An
 * operation on a named command is exclusive: the partial unique index refuses a second running or queued row for the
 * same command, so a duplicate click (from any server) is a 409, not a second process.
 */
export async function startOperation(
  ref: WorkspaceRef,
  input: {
    phase: OperationPhase;
    command: string | null;
    cwd: string | null;
    workspaceCommandId?: string | null;
    runtimeServiceId?: string | null;
    actor: Actor | null;
    runId?: string | null;
    /** A handed-off action: the host that is to take it, and until when (database time, lib/runtime/handoff.ts). */
    queuedFor?: { host: string; deadline: Date };
  },
): Promise<WorkspaceOperation> {
  try {
    const id = crypto.randomUUID();
    const operation = await db.workspaceOperation.create({
      data: {
        id,
        companyId: ref.companyId,
        ...ownerColumns(ref),
        phase: input.phase,
        command: input.command,
        cwd: input.cwd,
        workspaceCommandId: input.workspaceCommandId ?? null,
        runtimeServiceId: input.runtimeServiceId ?? null,
        heartbeatRunId: input.runId && isUuid(input.runId) ? input.runId : null,
        logPath: operationLogPath(ref.companyId, id),
        ...(input.queuedFor ? { status: "queued", hostId: input.queuedFor.host, handoffDeadline: input.queuedFor.deadline } : { hostId: hostId() }),
        ...actorColumns(input.actor),
      },
    });
    await publishWorkspaceEvent(ref, "workspace.operation_started");
    return operation;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new Conflict(`Another action on "${input.workspaceCommandId}" is still running; wait for it to finish`, "runtime_action_pending", {
        workspaceCommandId: input.workspaceCommandId,
      });
    }
    throw error;
  }
}

export async function finishOperation(
  ref: WorkspaceRef,
  operationId: string,
  result: { status: "succeeded" | "failed"; exitCode?: number | null; error?: string | null; stdoutExcerpt?: string | null; stderrExcerpt?: string | null },
): Promise<WorkspaceOperation> {
  const operation = await db.workspaceOperation.update({
    where: { id: operationId },
    data: {
      status: result.status,
      exitCode: result.exitCode ?? null,
      error: result.error ?? null,
      stdoutExcerpt: result.stdoutExcerpt || null,
      stderrExcerpt: result.stderrExcerpt || null,
      finishedAt: new Date(),
    },
  });
  await publishWorkspaceEvent(ref, "workspace.operation_finished");
  return operation;
}

/** Operations left `running` by a server on this host that stopped: their process is gone or no longer ours. */
export async function failInterruptedOperations(stillOurs: (operation: WorkspaceOperation) => boolean) {
  const running = await db.workspaceOperation.findMany({ where: { status: "running", hostId: hostId() } });
  for (const operation of running) {
    if (stillOurs(operation)) continue;
    await db.workspaceOperation.update({
      where: { id: operation.id },
      data: { status: "failed", error: "Interrupted: the server stopped while this operation ran", finishedAt: new Date() },
    });
  }
}
