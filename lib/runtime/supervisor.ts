import "server-only";
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import path from "node:path";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import type { Prisma, WorkspaceOperation, WorkspaceRuntimeService } from "../db/generated/client";
import type { WorkspaceCommand } from "../workspaces/runtime-config";
import { runningJobGroups } from "./exec";
import { EXCERPT_CHARS, logSize, readLogFile, RingBuffer, serviceLogPath } from "./logs";
import { absentHostReason, handOffServiceAction, isSupervisedElsewhere, releaseAbsentHosts } from "./handoff";
import {
  failInterruptedOperations,
  finishOperation,
  ownerColumns,
  publishWorkspaceEvent,
  startOperation,
  type OperationPhase,
  type WorkspaceRef,
} from "./operations";
import { hostId, isPortListening, isSameProcess, processStartTime, stopProcessGroup } from "./processes";

/** What the supervisor needs to launch one service: resolved by lib/workspaces from the workspace and its config. */
export type ServiceLaunch = { ref: WorkspaceRef; workspaceCwd: string; env: Record<string, string>; command: WorkspaceCommand };

type Managed = {
  serviceId: string;
  pgid: number;
  ref: WorkspaceRef;
  ring: RingBuffer;
  logPath: string;
  offset: number;
  timer: NodeJS.Timeout;
  stopping: boolean;
  exited: boolean;
  exitRecorded: Promise<void> | null;
};

// One supervisor per server process; route modules and instrumentation may be bundled apart, so it lives on globalThis.
const globalForSupervisor = globalThis as unknown as { switchboardSupervisor?: { services: Map<string, Managed>; reconciled: Promise<void> | null } };
const state = (globalForSupervisor.switchboardSupervisor ??= { services: new Map(), reconciled: null });

const DEFAULT_READY_TIMEOUT_SEC = 30;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Follows a service's log file into its ring buffer, and notices when an adopted process (not our child) dies. */
function track(service: { id: string; pid: number; logPath: string }, ref: WorkspaceRef, startTime: string | null, fromOffset: number): Managed {
  const managed: Managed = {
    serviceId: service.id,
    pgid: service.pid,
    ref,
    ring: new RingBuffer(),
    logPath: service.logPath,
    offset: fromOffset,
    stopping: false,
    exited: false,
    exitRecorded: null,
    timer: undefined as unknown as NodeJS.Timeout,
  };
  managed.timer = setInterval(() => {
    const chunk = readLogFile(managed.logPath, managed.offset, 1_000_000);
    if (chunk?.content) {
      managed.ring.append(chunk.content);
      managed.offset += Buffer.byteLength(chunk.content);
    }
    if (!managed.exited && !isSameProcess(managed.pgid, startTime)) void onExit(managed, null);
  }, 500);
  managed.timer.unref();
  state.services.set(service.id, managed);
  return managed;
}

function untrack(managed: Managed) {
  clearInterval(managed.timer);
  if (state.services.get(managed.serviceId) === managed) state.services.delete(managed.serviceId);
}

/** The service ended: records how once (unless we are the ones stopping it); later calls get the same promise. */
function onExit(managed: Managed, code: number | null): Promise<void> {
  if (!managed.exited) {
    managed.exited = true;
    managed.exitRecorded = recordExit(managed, code);
  }
  return managed.exitRecorded!;
}

async function recordExit(managed: Managed, code: number | null) {
  // Let the tail catch the last words before the buffer is dropped.
  const last = readLogFile(managed.logPath, managed.offset, 1_000_000);
  if (last?.content) managed.ring.append(last.content);
  if (managed.stopping) return;
  untrack(managed);
  // The leader is gone; whatever it left in its group goes too.
  await stopProcessGroup(managed.pgid, 2_000);
  await db.workspaceRuntimeService.updateMany({
    where: { id: managed.serviceId, pid: managed.pgid, status: { in: ["starting", "running"] } },
    data: {
      status: code === 0 ? "stopped" : "failed",
      exitCode: code,
      healthStatus: "unknown",
      stoppedAt: new Date(),
      lastError: code === 0 ? null : exitSummary(code, managed.ring.tail(2_000)),
    },
  });
  await publishWorkspaceEvent(managed.ref, "workspace.service_updated");
}

/** What a service printed since it was started, cut to an excerpt. */
const excerptSince = (logPath: string, offset: number) => (readLogFile(logPath, offset, 1_000_000)?.content ?? "").slice(-EXCERPT_CHARS);

/** Why a service died, with the last line it printed: usually the reason. */
function exitSummary(code: number | null, recentOutput: string) {
  const lastLine = recentOutput.trim().split("\n").at(-1)?.slice(0, 300);
  return `${code === null ? "The process exited" : `Exited with code ${code}`}${lastLine ? `: ${lastLine}` : ""}`;
}

/** The command's service row, updated or made; `existing` is the row the caller already read for it. */
async function upsertService(launch: ServiceLaunch, cwd: string, existing: WorkspaceRuntimeService | null) {
  const owner = ownerColumns(launch.ref);
  const fields = { serviceName: launch.command.name, command: launch.command.command, cwd, port: launch.command.port ?? null, url: serviceUrl(launch.command) };
  if (existing) return db.workspaceRuntimeService.update({ where: { id: existing.id }, data: fields });
  return db.workspaceRuntimeService.create({ data: { companyId: launch.ref.companyId, ...owner, workspaceCommandId: launch.command.id, ...fields } });
}

function serviceUrl(command: WorkspaceCommand) {
  if (command.port) return `http://localhost:${command.port}`;
  return command.readyUrl ? new URL(command.readyUrl).origin : null;
}

export function isServiceAlive(service: Pick<WorkspaceRuntimeService, "pid" | "pidStartTime" | "status">) {
  return (service.status === "running" || service.status === "starting") && service.pid !== null && isSameProcess(service.pid, service.pidStartTime);
}

/**
 * The company's live services on any of `ports` that also match `besides` (which leaves out the asker), each with its
 * workspace's name. Only this company's are named: another company's workspace names are not ours to show.
 */
export async function portHolders(companyId: string, ports: number[], besides: Prisma.WorkspaceRuntimeServiceWhereInput) {
  const holders = await db.workspaceRuntimeService.findMany({ where: { companyId, port: { in: ports }, status: { in: ["starting", "running"] }, ...besides } });
  const ids = (kind: "executionWorkspaceId" | "projectWorkspaceId") => holders.flatMap((holder) => (holder[kind] ? [holder[kind]] : []));
  const [executions, projects] = await Promise.all([
    db.executionWorkspace.findMany({ where: { id: { in: ids("executionWorkspaceId") } }, select: { id: true, name: true } }),
    db.projectWorkspace.findMany({ where: { id: { in: ids("projectWorkspaceId") } }, select: { id: true, name: true } }),
  ]);
  const names = new Map([...executions, ...projects].map((workspace) => [workspace.id, workspace.name]));
  return holders.map((holder) => ({
    port: holder.port!,
    serviceName: holder.serviceName,
    workspaceName: names.get(holder.executionWorkspaceId ?? holder.projectWorkspaceId!) ?? null,
  }));
}

/** Who already listens on a port, in words, for the failed operation. */
async function portHolder(companyId: string, port: number, serviceId: string) {
  const [holder] = await portHolders(companyId, [port], { id: { not: serviceId } });
  return holder ? `service "${holder.serviceName}" of workspace "${holder.workspaceName ?? "?"}"` : "another process on this machine";
}

/** Where a command runs: its own cwd, relative to the workspace's, or the workspace's. */
export const commandCwd = (workspaceCwd: string, command: Pick<WorkspaceCommand, "cwd">) =>
  command.cwd ? path.resolve(workspaceCwd, command.cwd) : workspaceCwd;

type LaunchOutcome =
  { ok: true; service: WorkspaceRuntimeService; excerpt: string } | { ok: false; service: WorkspaceRuntimeService; error: string; excerpt: string };

/** Spawns the service detached in its own process group, output straight to its log file, and waits for readiness. */
async function launch(launchInput: ServiceLaunch, existing: WorkspaceRuntimeService | null): Promise<LaunchOutcome> {
  const { command } = launchInput;
  const cwd = commandCwd(launchInput.workspaceCwd, command);
  let service = await upsertService(launchInput, cwd, existing);
  const fail = async (error: string, excerpt = "") => {
    service = await db.workspaceRuntimeService.update({
      where: { id: service.id },
      data: { status: "failed", healthStatus: "unhealthy", lastError: error, stoppedAt: new Date() },
    });
    return { ok: false as const, service, error, excerpt };
  };
  if (!existsSync(cwd)) return fail(`Working directory ${cwd} does not exist`);
  if (command.port && (await isPortListening(command.port)))
    return fail(
      `Port ${command.port} is already in use by ${await portHolder(launchInput.ref.companyId, command.port, service.id)}; stop it or give this service another port`,
    );

  const logPath = serviceLogPath(service.id);
  const fd = openSync(logPath, "a");
  const startOffset = logSize(logPath) ?? 0;
  const env = { ...launchInput.env, ...(command.env ?? {}), ...(command.port ? { PORT: String(command.port) } : {}) };
  // Output goes to the file, not through us, so the service outlives a server restart and is adopted afterwards.
  const child = spawn("/bin/sh", ["-c", command.command], { cwd, env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  // Listen before any await, so even an instant exit is recorded with its code.
  let tracked: Managed | null = null;
  let earlyExit: { code: number | null } | null = null;
  child.once("exit", (code) => (tracked ? void onExit(tracked, code) : (earlyExit = { code })));
  const spawnError = await new Promise<string | null>((resolve) => {
    child.once("spawn", () => resolve(null));
    child.once("error", (error) => resolve(error.message));
  });
  if (spawnError || !child.pid) return fail(spawnError ?? "The process did not start");
  child.unref();
  const pid = child.pid;
  const startTime = processStartTime(pid);
  service = await db.workspaceRuntimeService.update({
    where: { id: service.id },
    data: {
      status: "starting",
      healthStatus: "unknown",
      pid,
      pidStartTime: startTime,
      hostId: hostId(),
      logPath,
      exitCode: null,
      lastError: null,
      startedAt: new Date(),
      stoppedAt: null,
    },
  });
  const managed = track({ id: service.id, pid, logPath }, launchInput.ref, startTime, startOffset);
  tracked = managed;
  if (earlyExit) void onExit(managed, (earlyExit as { code: number | null }).code);
  await publishWorkspaceEvent(launchInput.ref, "workspace.service_updated");

  const deadline = Date.now() + (command.readyTimeoutSec ?? DEFAULT_READY_TIMEOUT_SEC) * 1000;
  const settleMs = command.readyUrl || command.port ? 0 : 750;
  const startedAt = Date.now();
  while (Date.now() < deadline) {
    if (managed.exited) {
      await managed.exitRecorded;
      const excerpt = excerptSince(logPath, startOffset);
      const current = await db.workspaceRuntimeService.findUniqueOrThrow({ where: { id: service.id } });
      return {
        ok: false,
        service: current,
        error: `The service exited before it was ready (${current.lastError ?? `exit code ${current.exitCode}`})`,
        excerpt,
      };
    }
    if (await isReady(command, Date.now() - startedAt >= settleMs)) {
      service = await db.workspaceRuntimeService.update({ where: { id: service.id }, data: { status: "running", healthStatus: "healthy" } });
      await publishWorkspaceEvent(launchInput.ref, "workspace.service_updated");
      return { ok: true, service, excerpt: excerptSince(logPath, startOffset) };
    }
    await sleep(150);
  }
  managed.stopping = true;
  await stopProcessGroup(pid, 2_000);
  untrack(managed);
  const excerpt = excerptSince(logPath, startOffset);
  const readiness = command.readyUrl ? `${command.readyUrl} did not answer` : `nothing listened on port ${command.port}`;
  return fail(`Not ready within ${command.readyTimeoutSec ?? DEFAULT_READY_TIMEOUT_SEC} s: ${readiness}`, excerpt);
}

async function isReady(command: WorkspaceCommand, settled: boolean) {
  if (command.readyUrl) {
    try {
      const response = await fetch(command.readyUrl, { signal: AbortSignal.timeout(1_000), redirect: "manual" });
      return response.status < 500;
    } catch {
      return false;
    }
  }
  if (command.port) return isPortListening(command.port);
  return settled;
}

async function halt(service: WorkspaceRuntimeService) {
  const managed = state.services.get(service.id);
  if (managed) managed.stopping = true;
  const pid = service.pid;
  // Only this host's pids are ours to signal: another instance's service on the same machine is handed to it instead.
  const ours = service.hostId === null || service.hostId === hostId();
  const result =
    pid && (managed || (ours && isSameProcess(pid, service.pidStartTime)))
      ? await stopProcessGroup(pid)
      : { outcome: "not_running" as const, signal: null, elapsedMs: 0 };
  if (managed) untrack(managed);
  const updated = await db.workspaceRuntimeService.update({
    where: { id: service.id },
    data: {
      status: "stopped",
      healthStatus: "unknown",
      stoppedAt: new Date(),
      // An absent host's service keeps the reason it was let go unsignalled.
      lastError: result.outcome === "survived" ? "Some processes survived SIGKILL" : ours ? null : service.lastError,
    },
  });
  const summary =
    result.outcome === "not_running"
      ? !ours && service.lastError === absentHostReason(service.hostId!)
        ? `Not signalled: ${service.lastError}.`
        : "The service was not running."
      : result.outcome === "terminated"
        ? `Sent SIGTERM to process group ${pid}; every process exited within ${(result.elapsedMs / 1000).toFixed(1)} s.`
        : result.outcome === "killed"
          ? `Sent SIGTERM to process group ${pid}; it was still running after 5 s, so it was killed with SIGKILL.`
          : `Process group ${pid} survived SIGKILL.`;
  return { service: updated, summary, ok: result.outcome !== "survived" };
}

export type ServiceAction = "start" | "stop" | "restart";

export type ServiceActionResult = { operation: WorkspaceOperation; service: WorkspaceRuntimeService | null };

const PHASES: Record<ServiceAction, OperationPhase> = { start: "service_start", stop: "service_stop", restart: "service_restart" };
/** The action a service operation's phase records (for one handed over by another instance). */
export const actionOfPhase = (phase: string) => (Object.keys(PHASES) as ServiceAction[]).find((action) => PHASES[action] === phase) ?? null;

/** The command's service row in the workspace, if it ever had one. */
export const findService = (ref: WorkspaceRef, workspaceCommandId: string) =>
  db.workspaceRuntimeService.findFirst({ where: { ...ownerColumns(ref), workspaceCommandId } });

/**
 * One service action as one operation row: start (spawn + readiness), stop (TERM→KILL on the group) or restart. A
 * live service another running instance supervises is its to act on: the action is handed to it
 * (lib/runtime/handoff.ts). One whose instance is not running is taken over first (marked stopped, unsignalled), and
 * a stopped one may start here, this instance then supervising it.
 */
export async function runServiceAction(
  action: ServiceAction,
  input: ServiceLaunch,
  actor: Actor | null,
  runId: string | null = null,
): Promise<ServiceActionResult> {
  const { ref, command } = input;
  let existing = await findService(ref, command.id);
  if (await releaseAbsentHosts(ref, command.id, existing)) existing = await findService(ref, command.id);
  const request = { phase: PHASES[action], command: command.command, cwd: input.workspaceCwd, actor, runId };
  if (existing && isSupervisedElsewhere(existing)) return handOffServiceAction(ref, existing, request);
  const operation = await startOperation(ref, { ...request, workspaceCommandId: command.id, runtimeServiceId: existing?.id });
  return performServiceAction(action, input, operation, existing);
}

/** Runs a service action for an operation already open (here, or handed over by another instance) and finishes it. */
export async function performServiceAction(
  action: ServiceAction,
  input: ServiceLaunch,
  operation: WorkspaceOperation,
  existing: WorkspaceRuntimeService | null,
): Promise<ServiceActionResult> {
  const { ref } = input;
  try {
    if (action === "stop") {
      if (!existing)
        return { operation: await finishOperation(ref, operation.id, { status: "succeeded", stdoutExcerpt: "The service was not running." }), service: null };
      const stopped = await halt(existing);
      await publishWorkspaceEvent(ref, "workspace.service_updated");
      return {
        operation: await finishOperation(ref, operation.id, {
          status: stopped.ok ? "succeeded" : "failed",
          stdoutExcerpt: stopped.summary,
          error: stopped.ok ? null : stopped.summary,
        }),
        service: stopped.service,
      };
    }
    let prefix = "";
    if (existing && isServiceAlive(existing)) {
      if (action === "start")
        return {
          operation: await finishOperation(ref, operation.id, { status: "succeeded", stdoutExcerpt: `Already running (pid ${existing.pid}).` }),
          service: existing,
        };
      prefix = `${(await halt(existing)).summary}\n`;
    }
    const outcome = await launch(input, existing);
    await db.workspaceOperation.update({
      where: { id: operation.id },
      data: { runtimeServiceId: outcome.service.id, pid: outcome.service.pid, logPath: outcome.service.logPath ?? undefined },
    });
    await publishWorkspaceEvent(ref, "workspace.service_updated");
    const finished = outcome.ok
      ? await finishOperation(ref, operation.id, {
          status: "succeeded",
          stdoutExcerpt: `${prefix}${outcome.excerpt}` || `Running (pid ${outcome.service.pid}).`,
        })
      : await finishOperation(ref, operation.id, {
          status: "failed",
          error: outcome.error,
          stdoutExcerpt: prefix || null,
          stderrExcerpt: [outcome.error, outcome.excerpt].filter(Boolean).join("\n"),
        });
    return { operation: finished, service: outcome.service };
  } catch (error) {
    await finishOperation(ref, operation.id, { status: "failed", error: (error as Error).message, stderrExcerpt: (error as Error).message });
    throw error;
  }
}

/** Stops every live service of a workspace (close, delete), each as its own operation. */
export async function stopAllServices(ref: WorkspaceRef, actor: Actor | null) {
  const owner = ownerColumns(ref);
  const live = await db.workspaceRuntimeService.findMany({ where: { ...owner, status: { in: ["starting", "running"] } } });
  const results = [];
  for (const service of live) {
    const command: WorkspaceCommand = { id: service.workspaceCommandId, name: service.serviceName, kind: "service", command: service.command };
    results.push(await runServiceAction("stop", { ref, workspaceCwd: service.cwd ?? "/", env: {}, command }, actor));
  }
  return results;
}

/** Every live service of a project's workspaces, before the project (and with it their rows) is deleted. */
export async function stopProjectServices(projectId: string, actor: Actor | null) {
  const [projectWorkspaces, executionWorkspaces] = await Promise.all([
    db.projectWorkspace.findMany({ where: { projectId }, select: { id: true, companyId: true } }),
    db.executionWorkspace.findMany({ where: { projectId }, select: { id: true, companyId: true } }),
  ]);
  for (const workspace of projectWorkspaces) await stopAllServices({ kind: "project", id: workspace.id, companyId: workspace.companyId }, actor);
  for (const workspace of executionWorkspaces) await stopAllServices({ kind: "execution", id: workspace.id, companyId: workspace.companyId }, actor);
}

/**
 * Boot: services this host started before a restart are adopted if their process is still the one we started, and
 * marked stopped if not; operations that were running when the server died are failed (their jobs killed).
 */
export function reconcileRuntime(): Promise<void> {
  state.reconciled ??= (async () => {
    const rows = await db.workspaceRuntimeService.findMany({ where: { hostId: hostId(), status: { in: ["starting", "running"] } } });
    for (const service of rows) {
      if (state.services.has(service.id)) continue;
      const ref: WorkspaceRef = service.executionWorkspaceId
        ? { kind: "execution", id: service.executionWorkspaceId, companyId: service.companyId }
        : { kind: "project", id: service.projectWorkspaceId!, companyId: service.companyId };
      if (isServiceAlive(service)) {
        track(
          { id: service.id, pid: service.pid!, logPath: service.logPath ?? serviceLogPath(service.id) },
          ref,
          service.pidStartTime,
          logSize(service.logPath ?? "") ?? 0,
        );
        await db.workspaceRuntimeService.update({ where: { id: service.id }, data: { status: "running" } });
      } else {
        await db.workspaceRuntimeService.update({
          where: { id: service.id },
          data: { status: "stopped", healthStatus: "unknown", stoppedAt: new Date(), lastError: "Not running when the server restarted" },
        });
      }
      await publishWorkspaceEvent(ref, "workspace.service_updated");
    }
    const ours = runningJobGroups();
    await failInterruptedOperations((operation) => {
      if (operation.pid && ours.has(operation.pid)) return true;
      // A job orphaned by the dead server must not run on unsupervised.
      if (operation.pid && operation.phase !== "service_start" && operation.phase !== "service_restart") void stopProcessGroup(operation.pid, 2_000);
      return false;
    });
  })().catch((error) => {
    state.reconciled = null;
    throw error;
  });
  return state.reconciled;
}

/** Stops tracking (not the services themselves, which outlive the server by design) — for tests and shutdown. */
export function releaseSupervisor() {
  for (const managed of state.services.values()) clearInterval(managed.timer);
  state.services.clear();
  state.reconciled = null;
}
