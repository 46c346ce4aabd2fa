import { describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor";
import { DomainError } from "../errors";
import { requireResolver, resolutionFor, selectedTasks } from "./rules";

const board = (userId = "u1"): Actor => ({ type: "board", userId, keyId: null, source: "session" }) as unknown as Actor;
const agent = (agentId = "a1"): Actor => ({ type: "agent", agentId, companyId: "c1", keyId: "k1" }) as unknown as Actor;
const confirmation = (overrides: Record<string, unknown> = {}) => ({
  kind: "request_confirmation",
  payload: { version: 1, prompt: "Go?", rejectRequiresReason: true },
  resolverPolicy: "board_only",
  addresseeAgentId: null,
  addresseeUserId: null,
  createdByAgentId: "a1",
  createdByUserId: null,
  ...overrides,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return "allowed";
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : "crash";
  }
};

describe("requireResolver", () => {
  it("board users resolve by default; agents only under a policy that admits them", () => {
    expect(codeOf(() => requireResolver(confirmation(), board(), "accept"))).toBe("allowed");
    expect(codeOf(() => requireResolver(confirmation(), agent("a2"), "accept"))).toBe("403 board_resolution_required");
    expect(codeOf(() => requireResolver(confirmation({ resolverPolicy: "human_only" }), agent("a2"), "reject"))).toBe("403 board_resolution_required");
    expect(codeOf(() => requireResolver(confirmation({ resolverPolicy: "board_or_agents" }), agent("a2"), "accept"))).toBe("allowed");
    expect(codeOf(() => requireResolver(confirmation({ resolverPolicy: "anyone" }), agent("a1"), "accept"))).toBe("allowed");
  });

  it("not_creator excludes whoever asked, agent or user; an addressee narrows it to one", () => {
    expect(codeOf(() => requireResolver(confirmation({ resolverPolicy: "not_creator" }), agent("a1"), "accept"))).toBe("403 resolver_is_creator");
    expect(
      codeOf(() => requireResolver(confirmation({ resolverPolicy: "not_creator", createdByAgentId: null, createdByUserId: "u1" }), board("u1"), "accept")),
    ).toBe("403 resolver_is_creator");
    expect(codeOf(() => requireResolver(confirmation({ resolverPolicy: "anyone", addresseeAgentId: "a3" }), agent("a2"), "accept"))).toBe("403 not_addressee");
    expect(codeOf(() => requireResolver(confirmation({ addresseeUserId: "u2" }), board("u1"), "accept"))).toBe("403 not_addressee");
  });

  it("cancel belongs to the agent that asked or the board", () => {
    expect(codeOf(() => requireResolver(confirmation(), agent("a1"), "cancel"))).toBe("allowed");
    expect(codeOf(() => requireResolver(confirmation(), agent("a2"), "cancel"))).toBe("403 not_interaction_creator");
    expect(codeOf(() => requireResolver(confirmation(), board(), "cancel"))).toBe("allowed");
  });
});

describe("resolutionFor", () => {
  it("confirmations accept, or reject with the reason their payload demands", () => {
    expect(resolutionFor(confirmation(), { type: "accept" })).toEqual({ status: "accepted", result: { version: 1, outcome: "accepted" } });
    expect(codeOf(() => resolutionFor(confirmation(), { type: "reject" }))).toBe("422 reason_required");
    expect(resolutionFor(confirmation(), { type: "reject", reason: "No" }).result).toEqual({ version: 1, outcome: "rejected", reason: "No" });
    expect(resolutionFor(confirmation({ payload: { version: 1, prompt: "Go?" } }), { type: "reject" }).result).toMatchObject({ reason: null });
    expect(codeOf(() => resolutionFor(confirmation(), { type: "respond", answers: [] }))).toBe("422 wrong_interaction_kind");
  });

  it("questions are answered, not accepted, and required ones must be answered", () => {
    const questions = {
      kind: "ask_user_questions",
      payload: { version: 1, questions: [{ id: "q", prompt: "Which?", selectionMode: "single", required: true, options: [{ id: "x", label: "X" }] }] },
    };
    expect(codeOf(() => resolutionFor(questions, { type: "accept" }))).toBe("422 wrong_interaction_kind");
    expect(codeOf(() => resolutionFor(questions, { type: "respond", answers: [] }))).toBe("422 invalid_answers");
    expect(resolutionFor(questions, { type: "respond", answers: [{ questionId: "q", optionIds: ["x"] }] })).toMatchObject({
      status: "answered",
      result: { answers: [{ questionId: "q", optionIds: ["x"], otherText: null }] },
    });
    expect(resolutionFor(questions, { type: "cancel", reason: "Moot" })).toMatchObject({
      status: "cancelled",
      result: { cancelled: true, cancellationReason: "Moot" },
    });
  });

  it("suggested tasks are created parents first, whatever order they were listed in", () => {
    const payload = {
      version: 1 as const,
      tasks: [
        { clientKey: "leaf", parentClientKey: "mid", title: "Leaf" },
        { clientKey: "mid", parentClientKey: "root", title: "Mid" },
        { clientKey: "root", title: "Root" },
        { clientKey: "solo", title: "Solo" },
      ],
    };
    expect(selectedTasks(payload, undefined).tasks.map((task) => task.clientKey)).toEqual(["root", "mid", "leaf", "solo"]);
    expect(selectedTasks(payload, ["solo", "root"])).toMatchObject({ skippedClientKeys: ["leaf", "mid"] });
    expect(codeOf(() => selectedTasks(payload, ["leaf", "mid"]))).toBe("422 invalid_selection");
  });

  it("only the creator withdraws, agent or board user alike", () => {
    expect(codeOf(() => requireResolver(confirmation(), agent("a1"), "withdraw"))).toBe("allowed");
    expect(codeOf(() => requireResolver(confirmation(), agent("a2"), "withdraw"))).toBe("403 not_interaction_creator");
    expect(codeOf(() => requireResolver(confirmation(), board(), "withdraw"))).toBe("403 not_interaction_creator");
    expect(codeOf(() => requireResolver(confirmation({ createdByAgentId: null, createdByUserId: "u1" }), board("u1"), "withdraw"))).toBe("allowed");
    expect(resolutionFor(confirmation(), { type: "withdraw", reason: "Moot" })).toEqual({
      status: "cancelled",
      result: { version: 1, outcome: "withdrawn", reason: "Moot" },
    });
  });
});
