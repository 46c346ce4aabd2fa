import { describe, expect, it } from "vitest";
import { Conflict, Unprocessable } from "../errors";
import { isDatabaseBusy, isDatabaseUnavailable, problemBody } from "./problem";

describe("problem bodies", () => {
  it("carry RFC 7807 fields plus Paperclip's error string", () => {
    const body = problemBody(new Conflict("Held by another agent", "checkout_conflict", { issueId: "x" }), "req-1");
    expect(body).toEqual({
      type: "https://switchboard.dev/problems/checkout_conflict",
      title: "Checkout conflict",
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

describe("isDatabaseBusy", () => {
  it("recognises a transaction that could not start or expired, and a lost deadlock", () => {
    expect(isDatabaseBusy(Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }))).toBe(true);
    expect(isDatabaseBusy(new Error("Transaction API error: Transaction already closed: A commit cannot be executed on an expired transaction."))).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error("driver"), { cause: { code: "40P01", message: "deadlock detected" } }))).toBe(true);
  });

  it("leaves other failures alone", () => {
    expect(isDatabaseBusy(new Error("duplicate key value"))).toBe(false);
    expect(isDatabaseBusy({ code: "23505" })).toBe(false);
  });
});
