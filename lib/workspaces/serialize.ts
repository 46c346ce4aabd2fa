import path from "node:path";
import { logSize } from "../runtime/logs";
import type { ExecutionWorkspace, ProjectWorkspace, WorkspaceOperation, WorkspaceRuntimeService } from "../db/generated/client";
import type { EnvironmentConflict } from "../schemas/environments";
import { effectiveRuntime } from "./runtime-config";
import type { TroubleshootingSignal } from "./signals";

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function serializeRuntimeService(service: WorkspaceRuntimeService) {
  return {
    id: service.id,
    companyId: service.companyId,
    projectWorkspaceId: service.projectWorkspaceId,
    executionWorkspaceId: service.executionWorkspaceId,
    scopeType: service.executionWorkspaceId ? "execution_workspace" : "project_workspace",
    scopeId: service.executionWorkspaceId ?? service.projectWorkspaceId,
    workspaceCommandId: service.workspaceCommandId,
    serviceName: service.serviceName,
    status: service.status,
    lifecycle: "shared",
    command: service.command,
    cwd: service.cwd,
    port: service.port,
    url: service.url,
    provider: "local_process",
    providerRef: service.pid === null ? null : String(service.pid),
    healthStatus: service.healthStatus,
    exitCode: service.exitCode,
    lastError: service.lastError,
    startedAt: iso(service.startedAt),
    stoppedAt: iso(service.stoppedAt),
    lastUsedAt: service.updatedAt.toISOString(),
    createdAt: service.createdAt.toISOString(),
    updatedAt: service.updatedAt.toISOString(),
  };
}

export function serializeOperation(operation: WorkspaceOperation) {
  return {
    id: operation.id,
    companyId: operation.companyId,
    executionWorkspaceId: operation.executionWorkspaceId,
    projectWorkspaceId: operation.projectWorkspaceId,
    runtimeServiceId: operation.runtimeServiceId,
    workspaceCommandId: operation.workspaceCommandId,
    heartbeatRunId: operation.heartbeatRunId,
    issueId: null,
    phase: operation.phase,
    command: operation.command,
    cwd: operation.cwd,
    status: operation.status,
    exitCode: operation.exitCode,
    error: operation.error,
    logStore: operation.logPath ? "local_file" : null,
    logRef: operation.logPath ? path.basename(operation.logPath) : null,
    logBytes: operation.logPath ? logSize(operation.logPath) : null,
    stdoutExcerpt: operation.stdoutExcerpt,
    stderrExcerpt: operation.stderrExcerpt,
    startedAt: operation.startedAt.toISOString(),
    finishedAt: iso(operation.finishedAt),
    createdAt: operation.startedAt.toISOString(),
    updatedAt: (operation.finishedAt ?? operation.startedAt).toISOString(),
  };
}

type Json = Record<string, unknown>;

export function serializeProjectWorkspace(workspace: ProjectWorkspace, services: WorkspaceRuntimeService[] = []) {
  const runtime = effectiveRuntime(null, workspace.runtimeConfig as Json | null);
  return {
    id: workspace.id,
    companyId: workspace.companyId,
    projectId: workspace.projectId,
    name: workspace.name,
    sourceType: workspace.sourceType,
    cwd: workspace.cwd,
    repoUrl: workspace.repoUrl,
    repoRef: workspace.repoRef,
    defaultRef: workspace.defaultRef,
    visibility: workspace.visibility,
    setupCommand: workspace.setupCommand,
    cleanupCommand: workspace.cleanupCommand,
    remoteProvider: workspace.remoteProvider,
    remoteWorkspaceRef: workspace.remoteWorkspaceRef,
    sharedWorkspaceKey: workspace.sharedWorkspaceKey,
    metadata: workspace.metadata,
    runtimeConfig: workspace.runtimeConfig ?? null,
    isPrimary: workspace.isPrimary,
    runtimeConfigSource: runtime.source,
    commands: runtime.runtime.commands,
    runtimeServices: services.map(serializeRuntimeService),
    createdAt: workspace.createdAt.toISOString(),
    updatedAt: workspace.updatedAt.toISOString(),
  };
}

export type ExecutionWorkspaceExtras = {
  services?: WorkspaceRuntimeService[];
  projectWorkspace?: ProjectWorkspace | null;
  linkedIssues?: {
    id: string;
    identifier: string;
    title: string;
    status: string;
    priority: string;
    assigneeAgentId: string | null;
    executionRunId: string | null;
    updatedAt: Date;
  }[];
  sourceIssue?: { id: string; identifier: string; title: string } | null;
  project?: { id: string; name: string; urlKey: string } | null;
  environment?: { id: string; name: string; isDefault: boolean } | null;
  signals?: TroubleshootingSignal[];
};

export function serializeExecutionWorkspace(workspace: ExecutionWorkspace, extras: ExecutionWorkspaceExtras = {}) {
  const config = (workspace.config ?? {}) as Json;
  const runtime = effectiveRuntime(config, (extras.projectWorkspace?.runtimeConfig ?? null) as Json | null);
  return {
    id: workspace.id,
    companyId: workspace.companyId,
    projectId: workspace.projectId,
    projectWorkspaceId: workspace.projectWorkspaceId,
    sourceIssueId: workspace.sourceIssueId,
    derivedFromExecutionWorkspaceId: workspace.derivedFromExecutionWorkspaceId,
    mode: workspace.mode,
    strategyType: workspace.strategyType,
    name: workspace.name,
    status: workspace.status,
    cwd: workspace.cwd,
    repoUrl: workspace.repoUrl,
    baseRef: workspace.baseRef,
    branchName: workspace.branchName,
    providerType: workspace.providerType,
    providerRef: workspace.providerRef,
    environmentId: workspace.environmentId,
    ...(extras.environment !== undefined ? { environment: extras.environment } : {}),
    environmentConflict: workspace.environmentConflict as EnvironmentConflict | null,
    finalizing: workspace.finalizingSince ? { phase: workspace.finalizingPhase, since: workspace.finalizingSince.toISOString() } : null,
    ...(extras.signals ? { signals: extras.signals } : {}),
    config: {
      environmentId: workspace.environmentId,
      provisionCommand: (config.provisionCommand as string | undefined) ?? null,
      runtimeProvisionCommand: (config.runtimeProvisionCommand as string | undefined) ?? null,
      teardownCommand: (config.teardownCommand as string | undefined) ?? null,
      cleanupCommand: (config.cleanupCommand as string | undefined) ?? null,
      workspaceRuntime: (config.workspaceRuntime as Json | undefined) ?? null,
      desiredState: (config.desiredState as string | undefined) ?? null,
      serviceStates: (config.serviceStates as Json | undefined) ?? null,
    },
    metadata: workspace.metadata,
    runtimeConfigSource: runtime.source,
    commands: runtime.runtime.commands,
    projectWorkspaceHasRuntimeConfig: Boolean((extras.projectWorkspace?.runtimeConfig as Json | null)?.workspaceRuntime),
    runtimeServices: (extras.services ?? []).map(serializeRuntimeService),
    ...(extras.linkedIssues
      ? {
          linkedIssues: extras.linkedIssues.map((issue) => ({
            id: issue.id,
            identifier: issue.identifier,
            title: issue.title,
            status: issue.status,
            priority: issue.priority,
            assigneeAgentId: issue.assigneeAgentId,
            hasLiveRun: issue.executionRunId !== null,
            updatedAt: issue.updatedAt.toISOString(),
          })),
        }
      : {}),
    ...(extras.sourceIssue !== undefined ? { sourceIssue: extras.sourceIssue } : {}),
    ...(extras.project !== undefined ? { project: extras.project } : {}),
    ...(extras.projectWorkspace !== undefined
      ? { projectWorkspace: extras.projectWorkspace ? { id: extras.projectWorkspace.id, name: extras.projectWorkspace.name } : null }
      : {}),
    openedAt: workspace.openedAt.toISOString(),
    closedAt: iso(workspace.closedAt),
    lastUsedAt: workspace.lastUsedAt.toISOString(),
    cleanupEligibleAt: iso(workspace.cleanupEligibleAt),
    cleanupReason: workspace.cleanupReason,
    createdAt: workspace.createdAt.toISOString(),
    updatedAt: workspace.updatedAt.toISOString(),
  };
}

export function serializeWorkspaceSummary(workspace: ExecutionWorkspace) {
  return {
    id: workspace.id,
    name: workspace.name,
    mode: workspace.mode,
    status: workspace.status,
    cwd: workspace.cwd,
    branchName: workspace.branchName,
    projectWorkspaceId: workspace.projectWorkspaceId,
    lastUsedAt: workspace.lastUsedAt.toISOString(),
  };
}

/** GET/PATCH of one workspace: everything its detail screen shows. */
export function serializeWorkspaceDetail(detail: { workspace: ExecutionWorkspace } & ExecutionWorkspaceExtras) {
  return serializeExecutionWorkspace(detail.workspace, detail);
}
