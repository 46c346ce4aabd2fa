import "server-only";
import type { db, Tx } from "../db/client";
import type { Issue, Prisma } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Unprocessable } from "../errors";
import type { IssueStatus } from "../schemas/issues";
import type { Workflow } from "./parse";
import { blockingIn, currentState, evaluateGates, namedState, targetState, transitionPrompts, type WorkflowPrompt } from "./rules";
import { presentAttachmentTypes } from "./attachments";
import { cachedWorkflowFor, workflowFor } from "./workflows";

export type WorkflowOutcome = { fields: Prisma.IssueUncheckedUpdateInput; prompts: WorkflowPrompt[]; warnings: string[]; forcedGates: string[] };

/** Time spent in a timed state, added to the issue's totals when it leaves. */
function timeFields(issue: Pick<Issue, "timeActualMs" | "stateTimeMs" | "stateEnteredAt">, state: string, timed: boolean, now: Date) {
  if (!timed || !issue.stateEnteredAt) return {};
  const elapsed = Math.max(0, now.getTime() - issue.stateEnteredAt.getTime());
  const perState = { ...((issue.stateTimeMs ?? {}) as Record<string, number>) };
  perState[state] = (perState[state] ?? 0) + elapsed;
  return { timeActualMs: issue.timeActualMs + BigInt(elapsed), stateTimeMs: perState };
}

/** targetState's missing exit, evaluateGates' reject and warn gates, and an unknown phase the workflow rejects. */
export const WORKFLOW_CHANGE_ERRORS = ["invalid_transition", "gate_rejected", "gate_unsatisfied", "unknown_phase"] as const satisfies readonly ErrorCode[];

/**
 * The workflow's say on a status, named-state and/or phase change, in order: the exit must exist (422 with the valid
 * exits), the gates of what is being left must hold (409 / 422), time in a timed state is added up, the new state and
 * whether it blocks dependants are written, and the prompts of the move are rendered for the caller. A named `state`
 * is entered when its status is the status the change ends in (the caller resolved it with stateStatus(); a review
 * policy may have routed the issue elsewhere, and then the status decides). `direct` enters the state without exit or
 * gate checks: a disconnect, whose agent is gone and could satisfy no gate. Checkout passes the workflow it read from
 * the short cache, and no transaction.
 */
export async function planWorkflowChange(
  client: Tx | typeof db,
  issue: Issue,
  change: { status?: IssueStatus; state?: string; phase?: string | null; force?: boolean; direct?: boolean },
  options: { now?: Date; workflow?: Workflow } = {},
): Promise<WorkflowOutcome> {
  const now = options.now ?? new Date();
  const statusChanges = change.status !== undefined && change.status !== issue.status;
  const phaseChanges = change.phase !== undefined && change.phase !== issue.phase;
  const outcome: WorkflowOutcome = { fields: {}, prompts: [], warnings: [], forcedGates: [] };
  // Most PATCHes (a comment, a title) move nothing: they need not load the workflow at all.
  if (!statusChanges && !phaseChanges && change.state === undefined) return outcome;
  const workflow = options.workflow ?? (await workflowFor({ companyId: issue.companyId, projectId: issue.projectId }, client));
  const fromState = currentState(workflow, issue);

  const finalStatus = change.status ?? issue.status;
  const named = change.state !== undefined ? namedState(workflow, fromState, change.state, change.direct) : null;
  const toState =
    named && workflow.states[named].status === finalStatus
      ? named
      : statusChanges
        ? change.direct
          ? currentState(workflow, { status: finalStatus, workflowState: null })!
          : targetState(workflow, fromState, change.status!)
        : (fromState ?? workflow.initialState);
  const stateChanges = statusChanges || toState !== fromState;
  const toPhase = phaseChanges ? (change.phase ?? null) : issue.phase;
  if (phaseChanges && toPhase && !workflow.phases[toPhase]) {
    const known = Object.keys(workflow.phases).join(", ") || "none";
    if (workflow.unknownPhase === "reject") throw Unprocessable.field("phase", `Unknown phase "${toPhase}"; valid phases: ${known}`, "unknown_phase");
    if (workflow.unknownPhase === "warn") outcome.warnings.push(`Unknown phase "${toPhase}"; valid phases: ${known}`);
  }

  const gates = change.direct
    ? []
    : [
        ...(stateChanges && fromState ? (workflow.gates[`status:${fromState}`] ?? []).map((gate) => ({ gate, leaving: fromState })) : []),
        ...(phaseChanges && issue.phase ? (workflow.gates[`phase:${issue.phase}`] ?? []).map((gate) => ({ gate, leaving: `phase ${issue.phase}` })) : []),
      ];
  if (gates.length) {
    const present = await presentAttachmentTypes(issue.id, client);
    for (const leaving of new Set(gates.map((entry) => entry.leaving))) {
      const result = evaluateGates(
        gates.filter((entry) => entry.leaving === leaving).map((entry) => entry.gate),
        present,
        change.force === true,
        leaving,
      );
      outcome.warnings.push(...result.notes);
      outcome.forcedGates.push(...result.forced.map((gate) => gate.type));
    }
  }

  if (stateChanges) {
    Object.assign(
      outcome.fields,
      { workflowState: toState, stateEnteredAt: now, blocking: blockingIn(workflow, toState) },
      fromState ? timeFields(issue, fromState, workflow.states[fromState].timed, now) : {},
    );
  }
  if (phaseChanges) outcome.fields.phase = toPhase;
  outcome.prompts = transitionPrompts(workflow, { fromState, toState, fromPhase: issue.phase, toPhase });
  return outcome;
}

/**
 * The status a move to the named state ends in, with the workflow read to find it (for planWorkflowChange, so it is read
 * once): 422 naming `workflowState` when the workflow has no such state, or when the status asked for alongside it is
 * another.
 */
export async function stateStatus(
  client: Tx | typeof db,
  issue: Issue,
  state: string,
  asked?: IssueStatus,
): Promise<{ status: IssueStatus; workflow: Workflow }> {
  const workflow = await workflowFor({ companyId: issue.companyId, projectId: issue.projectId }, client);
  const status = workflow.states[namedState(workflow, currentState(workflow, issue), state, true)].status;
  if (asked !== undefined && asked !== status)
    throw Unprocessable.field("workflowState", `State ${state} has status ${status}, not the status ${asked} asked for`, "invalid_transition");
  return { status, workflow };
}

/** `issues.blocking` for an issue where it stands under the workflow of `scope` (an issue moved to another project). */
export async function blockingUnder(tx: Tx, scope: { companyId: string; projectId: string | null }, issue: { status: string; workflowState: string | null }) {
  const workflow = await workflowFor(scope, tx);
  return blockingIn(workflow, currentState(workflow, issue));
}

/** Where a new issue starts: the workflow state of its status (the initial state when that fits), and whether it blocks. */
export async function initialWorkflowFields(tx: Tx, scope: { companyId: string; projectId: string | null }, status: IssueStatus, now = new Date()) {
  const workflow = await workflowFor(scope, tx);
  const workflowState = currentState(workflow, { status, workflowState: null });
  return { workflowState, stateEnteredAt: now, blocking: blockingIn(workflow, workflowState) };
}

/** The prompts an agent should see for where the issue is now (heartbeat context). */
export async function promptsForIssue(issue: Issue): Promise<WorkflowPrompt[]> {
  // Heartbeat context is read on every wake: the two-second cache checkout uses serves it too.
  const workflow = await cachedWorkflowFor({ companyId: issue.companyId, projectId: issue.projectId });
  const state = currentState(workflow, issue);
  if (!state) return [];
  return transitionPrompts(workflow, { fromState: null, toState: state, fromPhase: null, toPhase: issue.phase });
}
