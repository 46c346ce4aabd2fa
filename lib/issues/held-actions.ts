import "server-only";
import { loadSessionActor, type Actor } from "../auth/actor";
import { db, type Tx } from "../db/client";
import type { IssueHeldAction, Prisma } from "../db/generated/client";
import { DomainError } from "../errors";
import { TERMINAL_STATUSES, type IssueStatus } from "../schemas/issues";
import { resolveInteraction } from "../interactions/interactions";
import type { UpdateIssueInput } from "../schemas/issues";
import { requestWakeup, type WakeupInput } from "../wakeups/request";
import { unresolvedBlockers } from "./blockers";
import { addSystemComment } from "./comments";
import { updateIssue } from "./mutations";

const HELD_KIND_LABELS: Record<string, string> = { interaction_accept: "acceptance", issue_update: "stage approval", wake: "wake" };

/** Who asked, as they were: board users are reloaded (a removed member's held acceptance fails), agents act for their run. */
async function actorOf(held: IssueHeldAction): Promise<Actor | null> {
  if (held.actorType === "user" && held.actorId) return loadSessionActor(held.actorId);
  if (held.actorType === "agent" && held.actorId) return { type: "agent", agentId: held.actorId, companyId: held.companyId, keyId: "held-action", source: "run_token", boundRunId: held.runId ?? undefined };
  return null;
}

/** Settles the action while it is still under this server's claim; false when recovery took it over (and said so). */
async function settle(tx: Tx, held: IssueHeldAction, status: "applied" | "failed", error: string | null) {
  const claimed = await tx.issueHeldAction.updateMany({
    where: { id: held.id, status: "applying", leaseOwner: held.leaseOwner },
    data: { status, error, settledAt: new Date(), leaseOwner: null, leaseExpiresAt: null },
  });
  if (claimed.count === 0) console.warn(`[switchboard] held action ${held.id} was taken over before it settled here`);
  return claimed.count > 0;
}

async function finish(held: IssueHeldAction, status: "applied" | "failed", error: string | null, note?: string) {
  await db.$transaction(async (tx) => {
    if ((await settle(tx, held, status, error)) && note) await addSystemComment(tx, { id: held.issueId, companyId: held.companyId }, note, held.runId);
  });
}

/**
 * Does what was held, now that the workspaces settled. A wake is delivered even after a failed finalize (with the
 * failure in its payload and the thread), so the dependant is never stuck; an acceptance or approval is not applied
 * over a failed finalize: the thread says so and the board decides again.
 */
export async function applyHeldAction(held: IssueHeldAction) {
  try {
    await (held.kind === "wake" ? deliverHeldWake(held) : applyHeldDecision(held));
  } catch (error) {
    // One broken action (say its agent was deleted) must not keep the others claimed and unapplied.
    console.error("[switchboard] held action failed", error);
    await finish(held, "failed", error instanceof DomainError ? error.message : "Unexpected error").catch(() => undefined);
  }
}

/** The wake goes out if it still makes sense: same assignee, dependant still open, every blocker still done. */
async function deliverHeldWake(held: IssueHeldAction) {
  const failure = held.error;
  const wake = held.payload as unknown as WakeupInput;
  await db.$transaction(async (tx) => {
    const dependant = await tx.issue.findUnique({ where: { id: held.issueId }, select: { assigneeAgentId: true, status: true } });
    const stillReady = dependant?.assigneeAgentId === wake.agentId && !TERMINAL_STATUSES.includes(dependant.status as IssueStatus) && (await unresolvedBlockers(tx, held.issueId)).length === 0;
    // Settled in the wake's own transaction: a wake taken back by recovery is delivered by whoever claims it next, once.
    if (!(await settle(tx, held, "applied", stillReady ? null : "No longer applied: the issue, its assignee or its blockers changed while it waited"))) return;
    if (stillReady) await requestWakeup(tx, null, null, { ...wake, payload: { ...(wake.payload ?? {}), ...(failure ? { workspaceFinalizeFailed: failure } : {}) } as Prisma.InputJsonObject });
    if (failure && stillReady) await addSystemComment(tx, { id: held.issueId, companyId: held.companyId }, `A blocker's workspace did not finish finalizing (${failure}); the assignee was woken anyway and told so.`);
  });
}

async function applyHeldDecision(held: IssueHeldAction) {
  const failure = held.error;
  if (failure) return finish(held, "failed", failure, `The held ${HELD_KIND_LABELS[held.kind]} was not applied: the workspace did not settle (${failure}). Fix the workspace and decide again.`);
  const actor = await actorOf(held);
  if (!actor) return finish(held, "failed", "Its author can no longer act here", `The held ${HELD_KIND_LABELS[held.kind]} was not applied: its author can no longer act on this issue.`);
  const payload = held.payload as { interactionId?: string; input?: UpdateIssueInput };
  try {
    if (held.kind === "interaction_accept") await resolveInteraction(actor, held.runId, held.issueId, payload.interactionId!, { type: "accept" }, { settled: true });
    else await updateIssue(actor, held.runId, held.issueId, payload.input!, { settled: true });
    await finish(held, "applied", null);
  } catch (error) {
    const message = error instanceof DomainError ? error.message : "Unexpected error";
    if (!(error instanceof DomainError)) console.error("[switchboard] held action failed", error);
    await finish(held, "failed", message, `The held ${HELD_KIND_LABELS[held.kind]} could not be applied once the workspace settled: ${message}`);
  }
}

/**
 * Fails a decision whose applying server stopped (its lease lapsed), with its thread note, in one transaction: maybe
 * applied, maybe not, so it is not risked twice. False when another recoverer, or its own server, got there first.
 */
export async function failInterruptedHold(id: string, reason: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const [held] = await tx.$queryRaw<{ issue_id: string; company_id: string; kind: string; run_id: string | null }[]>`
      UPDATE issue_held_actions SET status = 'failed', error = ${reason}, settled_at = now(), lease_owner = NULL, lease_expires_at = NULL
       WHERE id = ${id}::uuid AND status = 'applying' AND (lease_expires_at IS NULL OR lease_expires_at < now())
      RETURNING issue_id, company_id, kind, run_id`;
    if (!held) return false;
    const note = `The held ${HELD_KIND_LABELS[held.kind]} was interrupted: the server applying it stopped. Check the issue and decide again if it did not take effect.`;
    await addSystemComment(tx, { id: held.issue_id, companyId: held.company_id }, note, held.run_id);
    return true;
  });
}

/** The workspaces held actions wait on, as the notice names them. */
const awaitedWorkspaces = (ids: string[]) => db.executionWorkspace.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, finalizingPhase: true } });

/** What is waiting on this issue, for the "waiting for the workspace to settle" notice. */
export async function waitingActions(issueId: string) {
  const held = await db.issueHeldAction.findMany({ where: { issueId, status: { in: ["waiting", "applying"] } }, orderBy: { createdAt: "asc" } });
  if (!held.length) return [];
  const workspaces = await awaitedWorkspaces(held.flatMap((action) => action.waitingForWorkspaceIds));
  return held.map((action) => serializeHeldAction(action, workspaces));
}

export function serializeHeldAction(action: IssueHeldAction, workspaces: { id: string; name: string; finalizingPhase: string | null }[]) {
  return {
    id: action.id,
    issueId: action.issueId,
    kind: action.kind,
    status: action.status,
    interactionId: (action.payload as { interactionId?: string }).interactionId ?? null,
    workspaces: workspaces.filter((workspace) => action.waitingForWorkspaceIds.includes(workspace.id)),
    error: action.error,
    createdAt: action.createdAt.toISOString(),
  };
}

/** The 202 body of a request held for a finalizing workspace: what waits, on which workspaces, and the thing itself. */
export async function heldResponse(held: IssueHeldAction, subject: Record<string, unknown>) {
  const workspaces = await awaitedWorkspaces(held.waitingForWorkspaceIds);
  const body = { status: "pending", reason: "workspace_finalizing", message: "Waiting for the workspace to settle; this is applied when it finishes finalizing", heldAction: serializeHeldAction(held, workspaces), ...subject };
  return Response.json(body, { status: 202 });
}
