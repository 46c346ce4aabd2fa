import { describe, expect, it } from "vitest";
import { statusChangeRefusal } from "./status";

const refusal = (...args: Parameters<typeof statusChangeRefusal>) => statusChangeRefusal(...args)?.code ?? null;

describe("statusChangeRefusal", () => {
  it("lets working agents be paused, resumed and terminated, and treats the current status as a no-op", () => {
    expect(refusal("idle", "paused", "pause")).toBeNull();
    expect(refusal("paused", "idle", "resume")).toBeNull();
    expect(refusal("error", "idle", "resume")).toBeNull();
    expect(refusal("idle", "terminated", "terminate")).toBeNull();
    expect(refusal("paused", "paused", "budget")).toBeNull();
    expect(refusal("terminated", "terminated", "terminate")).toBeNull();
  });

  it("makes termination final, whatever asks", () => {
    for (const reason of ["resume", "pause", "budget", "update", "hire_approved"] as const)
      expect(refusal("terminated", reason === "pause" || reason === "budget" ? "paused" : "idle", reason)).toBe("agent_terminated");
  });

  it("lets a pending hire leave only through its decision or a termination", () => {
    expect(refusal("pending_approval", "idle", "hire_approved")).toBeNull();
    expect(refusal("pending_approval", "terminated", "hire_rejected")).toBeNull();
    expect(refusal("pending_approval", "terminated", "terminate")).toBeNull();
    expect(refusal("pending_approval", "idle", "resume")).toBe("agent_pending_approval");
    expect(refusal("pending_approval", "paused", "pause")).toBe("agent_pending_approval");
    expect(refusal("pending_approval", "active", "update")).toBe("agent_pending_approval");
  });

  it("never puts an agent back to pending_approval", () => {
    expect(refusal("idle", "pending_approval", "update")).toBe("invalid_field");
  });
});
