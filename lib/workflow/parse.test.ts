import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseWorkflow } from "./parse";
import { isFlattened } from "./reindent";

const SEED = readFileSync("workflows/seed.yaml", "utf8");
const problemsOf = (source: string) => {
  const result = parseWorkflow(source);
  expect(result.workflow).toBeNull();
  return result.problems.map((problem) => `${problem.path} @${problem.line}: ${problem.message}`);
};
const minimal = (extra = "") => `settings:\n  initial_state: todo\nstates:\n  todo:\n    exits: [done]\n  done:\n    exits: [todo]\n${extra}`;

describe("parseWorkflow", () => {
  it("loads the seed file exactly as stored (its indentation is stripped) with every section", () => {
    expect(isFlattened(SEED)).toBe(true);
    const { workflow, problems } = parseWorkflow(SEED);
    expect(problems).toEqual([]);
    expect(workflow!.initialState).toBe("pending");
    expect(Object.fromEntries(Object.values(workflow!.states).map((state) => [state.name, state.status]))).toEqual({
      pending: "todo",
      assigned: "todo",
      working: "in_progress",
      completed: "done",
      failed: "blocked",
      cancelled: "cancelled",
    });
    expect(workflow!.states.working).toMatchObject({ exits: ["completed", "failed", "pending"], timed: true });
    expect(workflow!.states.working.prompts.enter).toContain("{{valid_exits}}");
    expect(workflow!.states.working.prompts.exit).toContain("Log costs with `log_metrics()`");
    expect(Object.keys(workflow!.phases)).toHaveLength(15);
    expect(workflow!.phases.explore.prompts.exit).toContain("Capture exploration findings");
    expect(Object.keys(workflow!.combos)).toEqual(["working+implement", "working+review"]);
    expect(workflow!.attachmentTypes["gate/tests"]).toMatchObject({ group: "gates", mime: "text/plain", mode: "append" });
    expect(workflow!.attachmentTypes.result.example).toContain('"items_processed": 42');
    expect(Object.keys(workflow!.attachmentTypes)).toHaveLength(15);
    expect(workflow!.unknownPhase).toBe("warn");
    expect(workflow!.gates).toEqual({});
  });

  it("a gates section in the Task Graph format loads in both flow and block style, flattened or indented", () => {
    const flat = parseWorkflow(
      `${SEED}\ngates:\nstatus:working: [{type: gate/tests, enforcement: warn}]\nphase:review:\n- type: gate/review\nenforcement: reject\ndescription: Reviewed by a human\n`,
    );
    expect(flat.problems).toEqual([]);
    expect(flat.workflow!.gates).toEqual({
      "status:working": [{ type: "gate/tests", enforcement: "warn" }],
      "phase:review": [{ type: "gate/review", enforcement: "reject", description: "Reviewed by a human" }],
    });
    const indented = parseWorkflow(
      minimal("attachments:\n  gate/tests:\n    mime: text/plain\n    mode: append\ngates:\n  status:todo:\n    - type: gate/tests\n"),
    );
    expect(indented.workflow!.gates["status:todo"]).toEqual([{ type: "gate/tests", enforcement: "reject" }]);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(problemsOf("settings:\n  initial_state: [todo\nstates: {}\n")[0]).toMatch(/^ @\d+: /);
    expect(problemsOf("settings:\n  initial_state: todo\n  initial_state: done\nstates:\n  todo: {}\n")[0]).toMatch(/@3: Map keys must be unique/);
  });

  it("reports every structural problem with its YAML path and line", () => {
    const problems = problemsOf(
      "settings:\n  unknown_phase: sometimes\nstates:\n  todo:\n    exits: done\n    colour: red\nattachments:\n  note:\n    mime: text/plain\n    mode: sideways\n",
    );
    expect(problems).toEqual([
      expect.stringMatching(/^settings.initial_state @1: /),
      expect.stringMatching(/^settings.unknown_phase @2: Invalid option/),
      expect.stringMatching(/^states.todo.exits @5: /),
      expect.stringMatching(/^states.todo @4: Unrecognized key: "colour"/),
      expect.stringMatching(/^attachments.note.mode @10: Invalid option/),
    ]);
    expect(problemsOf("- just\n- a list\n")).toEqual([" @1: A workflow is a YAML mapping with settings and states"]);
  });

  it("reports every meaning problem: unknown states, exits, combos, gates and types, and states without a status", () => {
    const problems = problemsOf(
      [
        "settings:",
        "  initial_state: start",
        "  disconnect_state: limbo",
        "  blocking_states: [todo, nowhere]",
        "states:",
        "  todo:",
        "    exits: [done, moon]",
        "  done: {}",
        "  review_later: {}",
        "phases:",
        "  build: {}",
        "combos:",
        "  todo+ship:",
        "    enter: go",
        "attachments:",
        "  note: {mime: text/plain, mode: append}",
        "  more:",
        "    note: {mime: text/plain, mode: replace}",
        "gates:",
        "  status:todo: [{type: gate/tests, enforcement: warn}]",
        "  phase:ship: [{type: note}]",
        "",
      ].join("\n"),
    );
    expect(problems).toEqual([
      'states.review_later @9: State "review_later" has no issue status: add `status:` (one of backlog, todo, in_progress, in_review, done, blocked, cancelled)',
      'states.todo.exits[1] @7: Unknown exit target "moon"',
      'settings.initial_state @2: Initial state "start" is not one of the states',
      'settings.disconnect_state @3: Disconnect state "limbo" is not one of the states',
      'settings.blocking_states[1] @4: Blocking state "nowhere" is not one of the states',
      'combos.todo+ship @13: A combo is "<state>+<phase>" of a defined state and phase',
      'attachments.more.note @18: Attachment type "note" is defined twice',
      'gates.status:todo[0].type @20: Unknown attachment type "gate/tests": define it under attachments',
      "gates.phase:ship @21: A gate key is status:<state> or phase:<phase> of a defined state or phase",
    ]);
  });

  it("a state may name its own status", () => {
    const { workflow } = parseWorkflow(minimal("  review_later:\n    status: backlog\n"));
    expect(workflow!.states.review_later.status).toBe("backlog");
  });
});
