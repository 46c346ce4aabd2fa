import { Conflict, Unprocessable } from "../errors";
import type { IssueStatus } from "../schemas/issues";
import type { Gate, Workflow } from "./parse";

export type WorkflowPrompt = { kind: "state_exit" | "state_enter" | "phase_exit" | "phase_enter" | "combo_enter" | "combo_exit"; name: string; text: string };

/** The state an issue is in: its recorded state if that still fits its status, else the first state with its status. */
export function currentState(workflow: Workflow, issue: { status: string; workflowState: string | null }): string | null {
  const recorded = issue.workflowState ? workflow.states[issue.workflowState] : undefined;
  if (recorded && recorded.status === issue.status) return recorded.name;
  if (workflow.states[workflow.initialState]?.status === issue.status) return workflow.initialState;
  return Object.values(workflow.states).find((state) => state.status === issue.status)?.name ?? null;
}

const describeExit = (workflow: Workflow, name: string) => (workflow.states[name].status === name ? name : `${name} (${workflow.states[name].status})`);

/** The state a status change lands in: an exit of the current state with that status, or 422 listing the valid exits. */
export function targetState(workflow: Workflow, from: string | null, to: IssueStatus): string {
  if (from === null) {
    const any = Object.values(workflow.states).find((state) => state.status === to);
    if (any) return any.name;
    throw Unprocessable.field("status", `No state of this workflow has status ${to}`, "invalid_transition");
  }
  const exits = workflow.states[from].exits;
  const match = exits.find((exit) => workflow.states[exit].status === to);
  if (match) return match;
  throw noExit(workflow, from, to, "status");
}

/**
 * The state a move by name lands in: a state of the workflow (422 naming `workflowState` otherwise) that is an exit of
 * the current one, unless `direct` (a disconnect enters its state whatever the current one allows).
 */
export function namedState(workflow: Workflow, from: string | null, name: string, direct = false): string {
  if (!workflow.states[name]) {
    const valid = from ? workflow.states[from].exits.map((exit) => describeExit(workflow, exit)) : Object.keys(workflow.states);
    throw Unprocessable.field("workflowState", `Unknown workflow state "${name}". Valid exits: ${valid.join(", ") || "none"}`, "invalid_transition");
  }
  if (direct || from === null || from === name || workflow.states[from].exits.includes(name)) return name;
  throw noExit(workflow, from, describeExit(workflow, name), "workflowState");
}

function noExit(workflow: Workflow, from: string, to: string, param: string) {
  const exits = workflow.states[from].exits;
  const valid = exits.map((exit) => describeExit(workflow, exit));
  return new Unprocessable(
    `Cannot move from ${describeExit(workflow, from)} to ${to}. Valid exits: ${valid.length ? valid.join(", ") : "none"}`,
    "invalid_transition",
    {
      invalidParams: [{ name: param, reason: `Valid exits from ${from}: ${valid.join(", ") || "none"}` }],
      details: { currentState: from, validExits: exits.map((exit) => ({ state: exit, status: workflow.states[exit].status })) },
    },
  );
}

/**
 * `issues.blocking` for an issue in `state`: whether it keeps its dependants waiting, or null — the blocker rule then
 * falls back to "not done" — when the workflow names no blocking_states or the issue is in none of its states (a
 * backlog issue under a workflow without a backlog state).
 */
export function blockingIn(workflow: Workflow, state: string | null): boolean | null {
  if (!workflow.blockingStates.length || state === null) return null;
  return workflow.blockingStates.includes(state);
}

/**
 * Gates on leaving a state or phase: each needs an attachment of its type. Unmet `allow` gates pass with a note,
 * unmet `warn` gates refuse with 409 unless forced, unmet `reject` gates refuse with 422 even when forced.
 */
export function evaluateGates(gates: Gate[], present: ReadonlySet<string>, force: boolean, leaving: string): { notes: string[]; forced: Gate[] } {
  const unmet = gates.filter((gate) => !present.has(gate.type));
  const describe = (gate: Gate) => ({ type: gate.type, enforcement: gate.enforcement, description: gate.description ?? null });
  const rejected = unmet.filter((gate) => gate.enforcement === "reject");
  if (rejected.length) {
    throw new Unprocessable(
      `Leaving ${leaving} needs ${rejected.map((gate) => `a ${gate.type} attachment${gate.description ? ` (${gate.description})` : ""}`).join(" and ")}; this gate cannot be forced`,
      "gate_rejected",
      {
        details: { gates: rejected.map(describe) },
      },
    );
  }
  const warned = unmet.filter((gate) => gate.enforcement === "warn");
  if (warned.length && !force) {
    throw new Conflict(
      `Leaving ${leaving} needs ${warned.map((gate) => `a ${gate.type} attachment${gate.description ? ` (${gate.description})` : ""}`).join(" and ")}; attach it, or send force: true`,
      "gate_unsatisfied",
      {
        gates: warned.map(describe),
      },
    );
  }
  return { notes: unmet.filter((gate) => gate.enforcement === "allow").map((gate) => `Gate ${gate.type} not satisfied (allowed)`), forced: warned };
}

/** Fills {{current_status}}, {{valid_exits}}, {{current_phase}} and {{valid_phases}} for the issue's new position. */
export function renderPrompt(workflow: Workflow, text: string, state: string, phase: string | null): string {
  const values: Record<string, string> = {
    current_status: state,
    valid_exits: workflow.states[state].exits.map((exit) => `- ${exit}`).join("\n") || "- (none: this state is final)",
    current_phase: phase ?? "none",
    valid_phases: Object.keys(workflow.phases).join(", ") || "none",
  };
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The prompts a move returns, in order: leaving the old state, entering the new one, then the phase and combo prompts. */
export function transitionPrompts(
  workflow: Workflow,
  move: { fromState: string | null; toState: string; fromPhase: string | null; toPhase: string | null },
): WorkflowPrompt[] {
  const prompts: WorkflowPrompt[] = [];
  const add = (kind: WorkflowPrompt["kind"], name: string, text: string | undefined) => {
    if (text) prompts.push({ kind, name, text: renderPrompt(workflow, text, move.toState, move.toPhase) });
  };
  const stateChanged = move.fromState !== move.toState;
  const phaseChanged = move.fromPhase !== move.toPhase;
  if (stateChanged && move.fromState) add("state_exit", move.fromState, workflow.states[move.fromState].prompts.exit);
  if ((stateChanged || phaseChanged) && move.fromState && move.fromPhase)
    add("combo_exit", `${move.fromState}+${move.fromPhase}`, workflow.combos[`${move.fromState}+${move.fromPhase}`]?.exit);
  if (phaseChanged && move.fromPhase) add("phase_exit", move.fromPhase, workflow.phases[move.fromPhase]?.prompts.exit);
  if (stateChanged) add("state_enter", move.toState, workflow.states[move.toState].prompts.enter);
  if (phaseChanged && move.toPhase) add("phase_enter", move.toPhase, workflow.phases[move.toPhase]?.prompts.enter);
  if ((stateChanged || phaseChanged) && move.toPhase)
    add("combo_enter", `${move.toState}+${move.toPhase}`, workflow.combos[`${move.toState}+${move.toPhase}`]?.enter);
  return prompts;
}
