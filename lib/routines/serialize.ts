import { publicApiUrl } from "../api/public-url";
import type { Issue, Routine, RoutineRun, RoutineTrigger } from "../db/generated/client";
import type { RoutineVariable } from "../schemas/routines";

export type LinkedIssue = Pick<Issue, "id" | "identifier" | "title" | "status">;
export type RoutineWithRelations = Routine & {
  triggers: RoutineTrigger[];
  lastRun: (RoutineRun & { linkedIssue: LinkedIssue | null }) | null;
  activeIssue: LinkedIssue | null;
};

const iso = (time: Date | null) => time?.toISOString() ?? null;
const linked = (issue: LinkedIssue | null) => (issue ? { id: issue.id, identifier: issue.identifier, title: issue.title, status: issue.status } : null);

/** The absolute URL a webhook sender posts to; relative when the server does not know its public address. */
export function webhookUrl(publicId: string) {
  return `${publicApiUrl() ?? ""}/api/routine-triggers/public/${publicId}/fire`;
}

/** A trigger as the API returns it: never its signing secret, which only create and rotate-secret show, once. */
export function serializeTrigger(trigger: RoutineTrigger) {
  return {
    id: trigger.id,
    routineId: trigger.routineId,
    kind: trigger.kind,
    label: trigger.label,
    enabled: trigger.enabled,
    cronExpression: trigger.cronExpression,
    timezone: trigger.timezone,
    nextRunAt: iso(trigger.nextRunAt),
    lastFiredAt: iso(trigger.lastFiredAt),
    publicId: trigger.publicId,
    webhookUrl: trigger.kind === "webhook" && trigger.publicId ? webhookUrl(trigger.publicId) : null,
    signingMode: trigger.signingMode,
    replayWindowSec: trigger.replayWindowSec,
    lastRotatedAt: iso(trigger.lastRotatedAt),
    lastResult: trigger.lastResult,
    createdAt: trigger.createdAt.toISOString(),
    updatedAt: trigger.updatedAt.toISOString(),
  };
}

export function serializeRun(run: RoutineRun & { linkedIssue?: LinkedIssue | null }) {
  return {
    id: run.id,
    companyId: run.companyId,
    routineId: run.routineId,
    triggerId: run.triggerId,
    source: run.source,
    status: run.status,
    triggeredAt: run.triggeredAt.toISOString(),
    scheduledFor: iso(run.scheduledFor),
    idempotencyKey: run.idempotencyKey,
    triggerPayload: run.triggerPayload,
    linkedIssueId: run.linkedIssueId,
    linkedIssue: linked(run.linkedIssue ?? null),
    coalescedIntoRunId: run.coalescedIntoRunId,
    failureReason: run.failureReason,
    completedAt: iso(run.completedAt),
    createdAt: run.createdAt.toISOString(),
  };
}

export function serializeRoutine(routine: RoutineWithRelations) {
  return {
    id: routine.id,
    companyId: routine.companyId,
    projectId: routine.projectId,
    goalId: routine.goalId,
    parentIssueId: routine.parentIssueId,
    executionWorkspaceId: routine.executionWorkspaceId,
    title: routine.title,
    description: routine.description,
    assigneeAgentId: routine.assigneeAgentId,
    priority: routine.priority,
    status: routine.status,
    concurrencyPolicy: routine.concurrencyPolicy,
    catchUpPolicy: routine.catchUpPolicy,
    variables: routine.variables as RoutineVariable[],
    createdByAgentId: routine.createdByAgentId,
    createdByUserId: routine.createdByUserId,
    lastTriggeredAt: iso(routine.lastTriggeredAt),
    lastEnqueuedAt: iso(routine.lastEnqueuedAt),
    createdAt: routine.createdAt.toISOString(),
    updatedAt: routine.updatedAt.toISOString(),
    triggers: routine.triggers.map(serializeTrigger),
    lastRun: routine.lastRun ? serializeRun(routine.lastRun) : null,
    activeIssue: linked(routine.activeIssue),
  };
}

/** The one time a webhook's secret is shown: on create and on rotate. */
export function serializeSecretMaterial(trigger: RoutineTrigger, secret: string | null) {
  if (!secret || !trigger.publicId) return null;
  return { secret, webhookUrl: webhookUrl(trigger.publicId), signingMode: trigger.signingMode };
}
