import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import type { WorkspaceOperation, WorkspaceRuntimeService } from "../db/generated/client";
import { Conflict } from "../errors";
import { eventHub } from "../events/listener";
import { unlessHostRunning } from "./host-presence";
import { ownerColumns, publishWorkspaceEvent, startOperation, type OperationPhase, type WorkspaceRef } from "./operations";
import { hostId } from "./processes";
import { handoffTimeoutMs } from "./settings";

/**
 * Service actions across app instances. Only the instance named by a service's host id may signal its process (on
 * one machine, another instance's pid is not ours to kill), so an action arriving elsewhere becomes a `queued`
 * operation for that host; the owner claims it (lib/workspaces/runtime-handoff.ts), runs it and finishes the same row,
 * while the asking instance waits for that row and answers with it. A host with no running instance (its presence
 * lock is free, lib/runtime/host-presence.ts) is not waited for: what it held is taken over at once.
 */
export const HANDOFF_CHANNEL = "switchboard_runtime_handoff";

// An owner that stops publishes nothing (its presence lock just comes free), so the asker looks for that this often.
const PRESENCE_PROBE_MS = 1_000;
// Once the owner has taken the action, a start may still wait on readiness; past this the caller gets the running row.
const RUNNING_WAIT_MS = 120_000;

/** Why a service of an absent host is marked stopped, and what a stop of it then says. */
export const absentHostReason = (host: string) => `host "${host}" is not running; if its process still runs on that machine it was not signalled`;

/** A live service another instance supervises: any action on it is that instance's to run. */
export const isSupervisedElsewhere = (service: Pick<WorkspaceRuntimeService, "hostId" | "status">) =>
  service.hostId !== null && service.hostId !== hostId() && (service.status === "starting" || service.status === "running");

const refOf = (row: { companyId: string; executionWorkspaceId: string | null; projectWorkspaceId: string | null }): WorkspaceRef =>
  row.executionWorkspaceId
    ? { kind: "execution", id: row.executionWorkspaceId, companyId: row.companyId }
    : { kind: "project", id: row.projectWorkspaceId!, companyId: row.companyId };

/**
 * If no instance runs with host id `host`, what it left behind is let go: its queued and running operations fail and
 * its live services are marked stopped (their processes, if any, were not signalled). Done holding that host's lock,
 * so an instance coming back with it waits for this. Returns whether the host was absent.
 */
export async function takeOverIfAbsent(host: string): Promise<boolean> {
  const outcome = await unlessHostRunning(host, async () => {
    const error = `Host "${host}" is not running: it stopped before this action finished`;
    const operations = await db.workspaceOperation.updateManyAndReturn({
      where: { hostId: host, status: { in: ["queued", "running"] } },
      data: { status: "failed", error, stderrExcerpt: error, finishedAt: new Date() },
      select: { companyId: true, executionWorkspaceId: true, projectWorkspaceId: true },
    });
    const services = await db.workspaceRuntimeService.updateManyAndReturn({
      where: { hostId: host, status: { in: ["starting", "running"] } },
      data: { status: "stopped", healthStatus: "unknown", lastError: absentHostReason(host), stoppedAt: new Date() },
      select: { companyId: true, executionWorkspaceId: true, projectWorkspaceId: true },
    });
    for (const row of operations) await publishWorkspaceEvent(refOf(row), "workspace.operation_finished");
    for (const row of services) await publishWorkspaceEvent(refOf(row), "workspace.service_updated");
  });
  return !outcome.running;
}

/**
 * Before an action on a command: every other host that holds it (the service's supervisor, or a pending operation's
 * host) and has no running instance is taken over, so a gone instance never blocks the command.
 */
export async function releaseAbsentHosts(ref: WorkspaceRef, workspaceCommandId: string, service: WorkspaceRuntimeService | null) {
  const pending = await db.workspaceOperation.findMany({
    where: { ...ownerColumns(ref), workspaceCommandId, status: { in: ["queued", "running"] }, hostId: { not: hostId() } },
    select: { hostId: true },
    distinct: ["hostId"],
  });
  const hosts = new Set(pending.flatMap((operation) => (operation.hostId ? [operation.hostId] : [])));
  if (service && isSupervisedElsewhere(service)) hosts.add(service.hostId!);
  let released = false;
  for (const host of hosts) if (await takeOverIfAbsent(host)) released = true;
  return released;
}

/** Queued actions past their deadline: their asker has given up, so nobody may run them late. The one sweep both sides use. */
async function failExpiredHandoffs() {
  await db.$executeRaw`
    UPDATE workspace_operations SET status = 'failed', error = 'Nobody took this action before its deadline', finished_at = now()
    WHERE status = 'queued' AND handoff_deadline <= now()`;
}

/**
 * Queues the action for the service's (running) host, wakes it, and waits for the outcome. Not taken by the deadline
 * written on the row → the row fails and the caller gets 409 `service_host_unavailable`.
 */
export async function handOffServiceAction(
  ref: WorkspaceRef,
  service: WorkspaceRuntimeService,
  input: { phase: OperationPhase; command: string; cwd: string; actor: Actor | null; runId: string | null },
): Promise<{ operation: WorkspaceOperation; service: WorkspaceRuntimeService | null }> {
  const owner = service.hostId!;
  const timeoutMs = handoffTimeoutMs();
  await failExpiredHandoffs();
  // The deadline is the database's: the owner compares it in SQL too, so neither host's clock or setting matters.
  const [{ deadline }] = await db.$queryRaw<{ deadline: Date }[]>`SELECT now() + make_interval(secs => ${timeoutMs / 1000}::double precision) AS deadline`;
  const queued = await startOperation(ref, {
    phase: input.phase,
    command: input.command,
    cwd: input.cwd,
    workspaceCommandId: service.workspaceCommandId,
    runtimeServiceId: service.id,
    actor: input.actor,
    runId: input.runId,
    queuedFor: { host: owner, deadline },
  });
  await db.$executeRaw`SELECT pg_notify(${HANDOFF_CHANNEL}, ${owner})`;
  const operation = await waitForOwner(ref, queued, timeoutMs);
  return { operation, service: await db.workspaceRuntimeService.findUnique({ where: { id: service.id } }) };
}

/**
 * Wakes the asker when something happens to the workspace's operations (the owner finishing ours publishes
 * `workspace.operation_finished` from whichever instance it runs on), or when the LISTEN connection came back and
 * events may have been missed. Without the event hub the asker still wakes on its timers.
 */
async function watchOperations(ref: WorkspaceRef) {
  let woken = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    woken = true;
    wake?.();
  };
  const unsubscribe = await eventHub()
    .subscribe(ref.companyId, {
      onEvent: (event) => {
        if (event.entityId === ref.id && event.type === "workspace.operation_finished") notify();
      },
      onResync: notify,
    })
    .catch(() => null);
  return {
    /** Until the next event (or one that came since the last call), or `ms` at most. */
    next(ms: number) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wake = null;
          woken = false;
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        wake = done;
        if (woken) done();
      });
    },
    close: () => unsubscribe?.(),
  };
}

/** How long until a queued operation's handoff deadline, in the database's time (which set it). */
async function msUntilDeadline(operationId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ ms: number }[]>`
    SELECT CEIL(GREATEST(0, EXTRACT(EPOCH FROM handoff_deadline - now()) * 1000))::int AS ms FROM workspace_operations WHERE id = ${operationId}::uuid`;
  return row?.ms ?? 0;
}

async function waitForOwner(ref: WorkspaceRef, queued: WorkspaceOperation, timeoutMs: number): Promise<WorkspaceOperation> {
  const owner = queued.hostId!;
  // Watching starts before the first read, so a finish between that read and the wait still wakes it.
  const operations = await watchOperations(ref);
  try {
    // Read once, in the database's time that set the deadline; counted down locally from after the read, so the local
    // wake never comes before the database's deadline has passed.
    const deadlineAt = Date.now() + (await msUntilDeadline(queued.id));
    let finishedBy = Infinity;
    let nextProbe = Date.now() + PRESENCE_PROBE_MS;
    for (;;) {
      if (Date.now() >= nextProbe) {
        // An owner that went away meanwhile fails this row with the rest of what it held (read just below).
        await takeOverIfAbsent(owner);
        nextProbe = Date.now() + PRESENCE_PROBE_MS;
      }
      const current = await db.workspaceOperation.findUniqueOrThrow({ where: { id: queued.id } });
      if (current.status !== "queued" && current.status !== "running") return current;
      let waitMs: number;
      if (current.status === "running") {
        finishedBy = Math.min(finishedBy, Date.now() + RUNNING_WAIT_MS);
        if (Date.now() >= finishedBy) return current;
        waitMs = finishedBy - Date.now();
      } else {
        const message = `The service is supervised by instance "${owner}", which is running but did not take this action within ${Math.round(timeoutMs / 1000)} s; retry, or look at that instance's log`;
        const gaveUp = await db.$executeRaw`
          UPDATE workspace_operations SET status = 'failed', error = ${message}, stderr_excerpt = ${message}, finished_at = now()
          WHERE id = ${queued.id}::uuid AND status = 'queued' AND handoff_deadline <= now()`;
        if (gaveUp > 0) {
          await publishWorkspaceEvent(ref, "workspace.operation_finished");
          throw new Conflict(message, "service_host_unavailable", { hostId: owner, operationId: queued.id });
        }
        waitMs = deadlineAt - Date.now();
      }
      await operations.next(Math.min(waitMs, nextProbe - Date.now()));
    }
  } finally {
    operations.close();
  }
}

/**
 * The owner's side: takes one action queued for this instance (SKIP LOCKED, so two passes never take the same one)
 * and marks it running. Requests past their deadline were given up by their asker and fail instead.
 */
export async function claimHandedOffOperation(): Promise<WorkspaceOperation | null> {
  const host = hostId();
  await failExpiredHandoffs();
  const [claimed] = await db.$queryRaw<{ id: string }[]>`
    UPDATE workspace_operations SET status = 'running'
    WHERE id = (
      SELECT id FROM workspace_operations WHERE host_id = ${host} AND status = 'queued' AND handoff_deadline > now()
      ORDER BY started_at LIMIT 1 FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
  return claimed ? db.workspaceOperation.findUnique({ where: { id: claimed.id } }) : null;
}
