import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { DomainError } from "../errors";
import { parseWorkflow } from "./parse";
import { currentState, evaluateGates, renderPrompt, targetState, transitionPrompts } from "./rules";

const seed = parseWorkflow(readFileSync("workflows/seed.yaml", "utf8")).workflow!;
const refusal = (run: () => unknown) => {
  try {
    run();
    return "passed";
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}: ${error.message}` : "crash";
  }
};

describe("evaluateGates", () => {
  const gates = [
    { type: "gate/tests", enforcement: "warn" as const, description: "Evidence that tests pass" },
    { type: "note", enforcement: "allow" as const },
  ];
  it("warn refuses with 409 until the attachment exists or the move is forced; allow only notes", () => {
    expect(refusal(() => evaluateGates(gates, new Set(), false, "working"))).toBe(
      "409 gate_unsatisfied: Leaving working needs a gate/tests attachment (Evidence that tests pass); attach it, or send force: true",
    );
    expect(evaluateGates(gates, new Set(), true, "working")).toEqual({ notes: ["Gate note not satisfied (allowed)"], forced: [gates[0]] });
    expect(evaluateGates(gates, new Set(["gate/tests", "note"]), false, "working")).toEqual({ notes: [], forced: [] });
  });
  it("reject cannot be forced", () => {
    expect(refusal(() => evaluateGates([{ type: "gate/review", enforcement: "reject" }], new Set(), true, "phase review"))).toMatch(
      /^422 gate_rejected: .*cannot be forced/,
    );
  });
});

describe("transitions and prompts", () => {
  it("maps statuses to exits and lists the valid ones when there is none", () => {
    expect(currentState(seed, { status: "todo", workflowState: null })).toBe("pending");
    expect(currentState(seed, { status: "todo", workflowState: "assigned" })).toBe("assigned");
    expect(targetState(seed, "pending", "in_progress")).toBe("working");
    expect(refusal(() => targetState(seed, "pending", "done"))).toBe(
      "422 invalid_transition: Cannot move from pending (todo) to done. Valid exits: assigned (todo), working (in_progress), cancelled",
    );
    expect(refusal(() => targetState(seed, "cancelled", "todo"))).toMatch(/Valid exits: none$/);
  });

  it("renders the seed's variables and orders exit, enter and combo prompts", () => {
    const text = renderPrompt(seed, seed.states.working.prompts.enter!, "working", "implement");
    expect(text).toContain("From `working` you can transition to:\n- completed\n- failed\n- pending\n");
    expect(text).toContain("Current phase: implement\nValid phases: explore, implement, review, test, security, deliver");
    expect(
      transitionPrompts(seed, { fromState: "pending", toState: "working", fromPhase: "implement", toPhase: "implement" }).map((p) => `${p.kind}:${p.name}`),
    ).toEqual(["state_enter:working", "combo_enter:working+implement"]);
    expect(
      transitionPrompts(seed, { fromState: "working", toState: "completed", fromPhase: "explore", toPhase: "explore" }).map((p) => `${p.kind}:${p.name}`),
    ).toEqual(["state_exit:working", "state_enter:completed"]);
    expect(
      transitionPrompts(seed, { fromState: "working", toState: "working", fromPhase: "explore", toPhase: "review" }).map((p) => `${p.kind}:${p.name}`),
    ).toEqual(["phase_exit:explore", "phase_enter:review", "combo_enter:working+review"]);
  });
});
