import { describe, expect, it } from "vitest";
import { Conflict, Unprocessable } from "../errors";
import { isDatabaseUnavailable, problemBody } from "./problem";

describe("problem bodies", () => {
  it("carry RFC 7807 fields plus Paperclip's error string", () => {
    const body = problemBody(new Conflict("Held by another agent", "checkout_conflict", { issueId: "x" }), "req-1");
    expect(body).toEqual({
      type: "https://switchboard.dev/problems/checkout_conflict",
      title: "Conflict",
      status: 409,
      detail: "Held by another agent",
      code: "checkout_conflict",
      requestId: "req-1",
      error: "Held by another agent",
      details: { issueId: "x" },
    });
  });

  it("name invalid fields", () => {
    const body = problemBody(Unprocessable.field("reportsTo", "Must be in the same company"), "r");
    expect(body.invalid_params).toEqual([{ name: "reportsTo", reason: "Must be in the same company" }]);
    expect(body.status).toBe(422);
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises connection failures through wrapped causes", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable({ code: "57P01" })).toBe(true);
    expect(isDatabaseUnavailable({ code: "08006" })).toBe(true);
  });

  it("does not mistake ordinary errors for outages", () => {
    expect(isDatabaseUnavailable(new Error("duplicate key value"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "23505" })).toBe(false);
  });
});
