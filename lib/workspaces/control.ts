import "server-only";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import { environmentOf } from "../environments/environments";
import { environmentVariables, outsideAllowedRoot } from "../environments/resolve";
import type { Environment, ExecutionWorkspace, ProjectWorkspace, WorkspaceOperation } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Forbidden, NotFound, Unprocessable } from "../errors";
import { runOneShot } from "../runtime/exec";
import { ownerColumns, type WorkspaceRef } from "../runtime/operations";
import { commandEnvironment, workspaceVariables } from "../runtime/processes";
import { commandCwd, runServiceAction, type ServiceAction, type ServiceLaunch } from "../runtime/supervisor";
import type { RuntimeActionInput } from "../schemas/workspaces";
import { findExecutionWorkspace } from "./find";
import { findProjectWorkspace } from "./project-workspaces";
import { effectiveRuntime, type WorkspaceCommand } from "./runtime-config";

/** How long a job request waits for the job before answering with it still running (the log keeps streaming). */
const JOB_WAIT_MS = 15_000;

type Target = { ref: WorkspaceRef; cwd: string | null; commands: WorkspaceCommand[]; env: Record<string, string>; environment: Environment | null };
export type RuntimeKind = "services" | "commands";

/** Either kind of workspace: requireRuntimeControl, control() with selectCommands(), and the operation a command starts. */
const RUNTIME_CONTROL_ERRORS = [
  ...COMPANY_ACCESS_ERRORS,
  "workspace_not_checked_out",
  "action_not_found",
  "workspace_cwd_missing",
  "workspace_command_not_found",
  "runtime_service_not_found",
  "service_index_out_of_range",
  "job_required",
  "not_a_job",
  "not_a_service",
  "no_runtime_config",
  "outside_allowed_root",
  "runtime_action_pending",
  "service_host_unavailable",
] as const satisfies readonly ErrorCode[];

/**
 * Board operators control any workspace's runtime; an agent only the services of an execution workspace linked to
 * an issue it has checked out right now. Viewers never.
 */
async function requireRuntimeControl(actor: Actor, workspace: { id: string; companyId: string }, kind: "execution" | "project", action: string) {
  requireCompanyAccess(actor, workspace.companyId, "act");
  if (actor.type === "board") return;
  const holds =
    kind === "execution" && action !== "run"
      ? await db.issue.count({
          where: { executionWorkspaceId: workspace.id, assigneeAgentId: actor.agentId, status: "in_progress", checkoutRunId: { not: null } },
        })
      : 0;
  if (!holds)
    throw new Forbidden("Agents may only start or stop services of a workspace linked to an issue they have checked out", "workspace_not_checked_out");
}

async function projectEnv(projectId: string) {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { env: true } });
  return (project?.env ?? {}) as Record<string, string>;
}

async function executionTarget(workspace: ExecutionWorkspace): Promise<Target> {
  const projectWorkspace = workspace.projectWorkspaceId ? await db.projectWorkspace.findUnique({ where: { id: workspace.projectWorkspaceId } }) : null;
  const runtime = effectiveRuntime(workspace.config as Record<string, unknown>, (projectWorkspace?.runtimeConfig ?? null) as Record<string, unknown> | null);
  // Services and jobs run in the workspace's environment: its variables and PATH, under the project's own env.
  const environment = await environmentOf(workspace);
  const env = commandEnvironment(environmentVariables(environment), await projectEnv(workspace.projectId), workspaceVariables(workspace));
  return {
    ref: { kind: "execution", id: workspace.id, companyId: workspace.companyId },
    cwd: workspace.cwd,
    commands: runtime.runtime.commands,
    env,
    environment,
  };
}

async function projectTarget(workspace: ProjectWorkspace): Promise<Target> {
  const runtime = effectiveRuntime(null, (workspace.runtimeConfig ?? null) as Record<string, unknown> | null);
  const env = commandEnvironment(await projectEnv(workspace.projectId), workspaceVariables({ id: workspace.id, cwd: workspace.cwd }));
  return {
    ref: { kind: "project", id: workspace.id, companyId: workspace.companyId },
    cwd: workspace.cwd,
    commands: runtime.runtime.commands,
    env,
    environment: null,
  };
}

/**
 * The launch of a start or restart another instance handed to this one, resolved here where the service runs: the
 * command must still be configured as the asker saw it, and the environment's fence is checked again, as control()
 * did there. A refusal is returned as its reason.
 */
export async function handedOffServiceLaunch(
  ref: WorkspaceRef,
  workspaceCommandId: string,
  requestedCommand: string | null,
): Promise<{ launch: ServiceLaunch } | { refusal: string }> {
  const target =
    ref.kind === "execution"
      ? await executionTarget(await db.executionWorkspace.findFirstOrThrow({ where: { id: ref.id, companyId: ref.companyId } }))
      : await projectTarget(await db.projectWorkspace.findFirstOrThrow({ where: { id: ref.id, companyId: ref.companyId } }));
  const command = target.commands.find((candidate) => candidate.id === workspaceCommandId && candidate.kind === "service");
  if (!command) return { refusal: `Workspace service "${workspaceCommandId}" is no longer configured on this workspace` };
  if (command.command !== requestedCommand) return { refusal: `The command of "${command.name}" changed after this action was asked for; ask again` };
  if (!target.cwd) return { refusal: "This workspace has no working directory" };
  const outside = outsideAllowedRoot(target.environment, commandCwd(target.cwd, command));
  if (outside) return { refusal: outside };
  return { launch: { ref, workspaceCwd: target.cwd, env: target.env, command } };
}

/** The commands a request names: one by id, by runtime service, by index among services, or every service. */
async function selectCommands(target: Target, action: string, input: RuntimeActionInput): Promise<WorkspaceCommand[]> {
  const services = target.commands.filter((command) => command.kind === "service");
  let selected: WorkspaceCommand[];
  if (input.workspaceCommandId) {
    const command = target.commands.find((candidate) => candidate.id === input.workspaceCommandId);
    if (!command) throw new NotFound(`Workspace command "${input.workspaceCommandId}"`, "workspace_command_not_found");
    selected = [command];
  } else if (input.runtimeServiceId) {
    const service = await db.workspaceRuntimeService.findFirst({ where: { id: input.runtimeServiceId, ...ownerColumns(target.ref) } });
    const command = service && target.commands.find((candidate) => candidate.id === service.workspaceCommandId);
    if (!service) throw new NotFound("Runtime service", "runtime_service_not_found");
    selected = [command ?? { id: service.workspaceCommandId, name: service.serviceName, kind: "service", command: service.command }];
  } else if (input.serviceIndex !== undefined && input.serviceIndex !== null) {
    const command = services[input.serviceIndex];
    if (!command)
      throw Unprocessable.field(
        "serviceIndex",
        `There are ${services.length} services; index ${input.serviceIndex} is out of range`,
        "service_index_out_of_range",
      );
    selected = [command];
  } else if (action === "run") {
    throw Unprocessable.field("workspaceCommandId", "Name the job to run", "job_required");
  } else {
    selected = services;
  }
  if (action === "run" && selected.some((command) => command.kind !== "job"))
    throw new Unprocessable(`"${selected[0].name}" is a service: start, stop or restart it instead of run`, "not_a_job");
  if (action !== "run" && selected.some((command) => command.kind === "job"))
    throw new Unprocessable(`"${selected.find((command) => command.kind === "job")!.name}" is a job: run it instead of ${action}`, "not_a_service");
  if (action !== "stop" && selected.length === 0)
    throw new Unprocessable("This workspace has no runtime services: add service commands to its runtime config first", "no_runtime_config");
  return selected;
}

async function control(actor: Actor, runId: string | null, target: Target, kind: RuntimeKind, action: string, input: RuntimeActionInput) {
  if (kind === "services" && action === "run") throw new NotFound("Workspace command action", "action_not_found");
  if (!target.cwd)
    throw new Unprocessable("This workspace has no working directory: set one on the Configuration tab first", "workspace_cwd_missing", {
      invalidParams: [{ name: "cwd", reason: "Empty" }],
    });
  const commands = await selectCommands(target, action, input);
  // The environment's fence holds for services and jobs as for agent runs; stopping is always allowed.
  for (const command of action === "stop" ? [] : commands) {
    const outside = outsideAllowedRoot(target.environment, commandCwd(target.cwd, command));
    if (outside) throw new Unprocessable(outside, "outside_allowed_root");
  }
  const operations: WorkspaceOperation[] = [];
  for (const command of commands) {
    if (action === "run") {
      const job = await runOneShot(target.ref, {
        phase: "job_run",
        command: { shell: command.command },
        cwd: commandCwd(target.cwd, command),
        env: { ...target.env, ...(command.env ?? {}) },
        timeoutMs: (command.timeoutSec ?? 3_600) * 1000,
        workspaceCommandId: command.id,
        actor,
        runId,
      });
      let timer: NodeJS.Timeout | undefined;
      const settled = await Promise.race([job.settled, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), JOB_WAIT_MS)))]);
      clearTimeout(timer);
      operations.push(settled ?? (await db.workspaceOperation.findUniqueOrThrow({ where: { id: job.operation.id } })));
    } else {
      operations.push(
        (await runServiceAction(action as ServiceAction, { ref: target.ref, workspaceCwd: target.cwd, env: target.env, command }, actor, runId)).operation,
      );
    }
  }
  if (target.ref.kind === "execution") await db.executionWorkspace.update({ where: { id: target.ref.id }, data: { lastUsedAt: new Date() } });
  return { operation: operations.find((operation) => operation.status === "failed") ?? operations.at(-1) ?? null, operations };
}

export const CONTROL_EXECUTION_RUNTIME_ERRORS = [...RUNTIME_CONTROL_ERRORS, "workspace_archived"] as const satisfies readonly ErrorCode[];

export async function controlExecutionRuntime(
  actor: Actor,
  runId: string | null,
  workspaceId: string,
  kind: RuntimeKind,
  action: string,
  input: RuntimeActionInput,
) {
  const workspace = await findExecutionWorkspace(actor, workspaceId);
  await requireRuntimeControl(actor, workspace, "execution", action);
  if (workspace.status === "archived") throw new Unprocessable("This workspace is archived; its checkout is gone", "workspace_archived");
  return control(actor, runId, await executionTarget(workspace), kind, action, input);
}

export const CONTROL_PROJECT_RUNTIME_ERRORS = RUNTIME_CONTROL_ERRORS;

export async function controlProjectRuntime(
  actor: Actor,
  runId: string | null,
  projectId: string,
  workspaceId: string,
  kind: RuntimeKind,
  action: string,
  input: RuntimeActionInput,
) {
  const workspace = await findProjectWorkspace(actor, projectId, workspaceId);
  await requireRuntimeControl(actor, workspace, "project", action);
  return control(actor, runId, await projectTarget(workspace), kind, action, input);
}
