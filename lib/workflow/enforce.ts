import "server-only";
import type { db, Tx } from "../db/client";
import type { Issue, Prisma } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Unprocessable } from "../errors";
import type { IssueStatus } from "../schemas/issues";
import type { Workflow } from "./parse";
import { currentState, evaluateGates, targetState, transitionPrompts, type WorkflowPrompt } from "./rules";
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
 * The workflow's say on a status and/or phase change, in order: the exit must exist (422 with the valid exits), the
 * gates of what is being left must hold (409 / 422), time in a timed state is added up, and the prompts of the move are
 * rendered for the caller. Checkout passes the workflow it read from the short cache, and no transaction.
 */
export async function planWorkflowChange(
  client: Tx | typeof db,
  issue: Issue,
  change: { status?: IssueStatus; phase?: string | null; force?: boolean },
  options: { now?: Date; workflow?: Workflow } = {},
): Promise<WorkflowOutcome> {
  const now = options.now ?? new Date();
  const statusChanges = change.status !== undefined && change.status !== issue.status;
  const phaseChanges = change.phase !== undefined && change.phase !== issue.phase;
  const outcome: WorkflowOutcome = { fields: {}, prompts: [], warnings: [], forcedGates: [] };
  // Most PATCHes (a comment, a title) move nothing: they need not load the workflow at all.
  if (!statusChanges && !phaseChanges) return outcome;
  const workflow = options.workflow ?? (await workflowFor({ companyId: issue.companyId, projectId: issue.projectId }, client));
  const fromState = currentState(workflow, issue);

  const toState = statusChanges ? targetState(workflow, fromState, change.status!) : (fromState ?? workflow.initialState);
  const toPhase = phaseChanges ? (change.phase ?? null) : issue.phase;
  if (phaseChanges && toPhase && !workflow.phases[toPhase]) {
    const known = Object.keys(workflow.phases).join(", ") || "none";
    if (workflow.unknownPhase === "reject") throw Unprocessable.field("phase", `Unknown phase "${toPhase}"; valid phases: ${known}`, "unknown_phase");
    if (workflow.unknownPhase === "warn") outcome.warnings.push(`Unknown phase "${toPhase}"; valid phases: ${known}`);
  }

  const gates = [
    ...(statusChanges && fromState ? (workflow.gates[`status:${fromState}`] ?? []).map((gate) => ({ gate, leaving: fromState })) : []),
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

  if (statusChanges) {
    Object.assign(
      outcome.fields,
      { workflowState: toState, stateEnteredAt: now },
      fromState ? timeFields(issue, fromState, workflow.states[fromState].timed, now) : {},
    );
  }
  if (phaseChanges) outcome.fields.phase = toPhase;
  outcome.prompts = transitionPrompts(workflow, { fromState, toState, fromPhase: issue.phase, toPhase });
  return outcome;
}

/** Where a new issue starts: the workflow state of its status (the initial state when that fits). */
export async function initialWorkflowFields(tx: Tx, scope: { companyId: string; projectId: string | null }, status: IssueStatus, now = new Date()) {
  const workflow = await workflowFor(scope, tx);
  return { workflowState: currentState(workflow, { status, workflowState: null }), stateEnteredAt: now };
}

/** The prompts an agent should see for where the issue is now (heartbeat context). */
export async function promptsForIssue(issue: Issue): Promise<WorkflowPrompt[]> {
  // Heartbeat context is read on every wake: the two-second cache checkout uses serves it too.
  const workflow = await cachedWorkflowFor({ companyId: issue.companyId, projectId: issue.projectId });
  const state = currentState(workflow, issue);
  if (!state) return [];
  return transitionPrompts(workflow, { fromState: null, toState: state, fromPhase: null, toPhase: issue.phase });
}
