import "server-only";
import { loadSessionActor, type Actor } from "../auth/actor";
import { db, type Tx } from "../db/client";
import type { IssueHeldAction, Prisma } from "../db/generated/client";
import { DomainError } from "../errors";
import { resolveInteraction } from "../interactions/interactions";
import { unresolvedBlockers } from "../issues/blockers";
import { addSystemComment } from "../issues/comments";
import { updateIssue } from "../issues/mutations";
import { TERMINAL_STATUSES, type IssueStatus, type UpdateIssueInput } from "../schemas/issues";
import { requestWakeup, type WakeupInput } from "../wakeups/request";

export const HELD_KIND_LABELS: Record<string, string> = { interaction_accept: "acceptance", issue_update: "stage approval", wake: "wake" };

/** Who asked, as they were: board users are reloaded (a removed member's held acceptance fails), agents act for their run. */
async function actorOf(held: IssueHeldAction): Promise<Actor | null> {
  if (held.actorType === "user" && held.actorId) return loadSessionActor(held.actorId);
  if (held.actorType === "agent" && held.actorId)
    return { type: "agent", agentId: held.actorId, companyId: held.companyId, keyId: "held-action", source: "run_token", boundRunId: held.runId ?? undefined };
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
    const stillReady =
      dependant?.assigneeAgentId === wake.agentId &&
      !TERMINAL_STATUSES.includes(dependant.status as IssueStatus) &&
      (await unresolvedBlockers(tx, held.issueId)).length === 0;
    // Settled in the wake's own transaction: a wake taken back by recovery is delivered by whoever claims it next, once.
    if (!(await settle(tx, held, "applied", stillReady ? null : "No longer applied: the issue, its assignee or its blockers changed while it waited"))) return;
    if (stillReady)
      await requestWakeup(tx, null, null, {
        ...wake,
        payload: { ...(wake.payload ?? {}), ...(failure ? { workspaceFinalizeFailed: failure } : {}) } as Prisma.InputJsonObject,
      });
    if (failure && stillReady)
      await addSystemComment(
        tx,
        { id: held.issueId, companyId: held.companyId },
        `A blocker's workspace did not finish finalizing (${failure}); the assignee was woken anyway and told so.`,
      );
  });
}

async function applyHeldDecision(held: IssueHeldAction) {
  const failure = held.error;
  if (failure)
    return finish(
      held,
      "failed",
      failure,
      `The held ${HELD_KIND_LABELS[held.kind]} was not applied: the workspace did not settle (${failure}). Fix the workspace and decide again.`,
    );
  const actor = await actorOf(held);
  if (!actor)
    return finish(
      held,
      "failed",
      "Its author can no longer act here",
      `The held ${HELD_KIND_LABELS[held.kind]} was not applied: its author can no longer act on this issue.`,
    );
  const payload = held.payload as { interactionId?: string; selectedOptionIds?: string[]; input?: UpdateIssueInput };
  try {
    if (held.kind === "interaction_accept")
      await resolveInteraction(
        actor,
        held.runId,
        held.issueId,
        payload.interactionId!,
        { type: "accept", selectedOptionIds: payload.selectedOptionIds },
        { settled: true },
      );
    else await updateIssue(actor, held.runId, held.issueId, payload.input!, { settled: true });
    await finish(held, "applied", null);
  } catch (error) {
    const message = error instanceof DomainError ? error.message : "Unexpected error";
    if (!(error instanceof DomainError)) console.error("[switchboard] held action failed", error);
    await finish(held, "failed", message, `The held ${HELD_KIND_LABELS[held.kind]} could not be applied once the workspace settled: ${message}`);
  }
}
