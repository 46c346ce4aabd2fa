// The errors a stalled, restarting or shutting-down database produces, as node-postgres and Prisma shape them.
import { describe, expect, it } from "vitest";
import { isDatabaseBusy, isDatabaseUnavailable } from "./problem";

/** Prisma's wrapping of a driver error: the PostgreSQL code sits on the adapter error's cause, under `meta`. */
function prismaRawQueryError(originalCode: string, originalMessage: string) {
  const driverAdapterError = Object.assign(new Error(originalMessage), {
    name: "DriverAdapterError",
    cause: { kind: "postgres", originalCode, originalMessage },
  });
  return Object.assign(new Error(`Raw query failed. Code: \`${originalCode}\`. Message: \`${originalMessage}\``), {
    code: "P2010",
    meta: { driverAdapterError },
  });
}

describe("isDatabaseUnavailable — connections lost, given up on, or closed at shutdown", () => {
  it.each([
    ["a connection the liveness watch closed", new Error("Connection terminated")],
    ["a handshake the liveness watch cut", new Error("Connection terminated unexpectedly")],
    ["pg's own query timeout", new Error("Query read timeout")],
    ["a client closed under the request", new Error("Client was closed and is not queryable")],
    ["a client whose socket failed", new Error("Client has encountered a connection error and is not queryable")],
    ["a pool ended at shutdown", new Error("Cannot use a pool after calling end on the pool")],
    ["a backend ended by a fast shutdown, through Prisma", prismaRawQueryError("57P01", "terminating connection due to administrator command")],
    ["the adapter's ConnectionClosed", Object.assign(new Error("driver"), { cause: { kind: "ConnectionClosed" } })],
    ["the adapter's SocketTimeout", Object.assign(new Error("driver"), { cause: { kind: "SocketTimeout" } })],
  ])("%s", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("leaves errors the database answered on purpose alone", () => {
    expect(isDatabaseUnavailable(prismaRawQueryError("23505", "duplicate key value violates unique constraint"))).toBe(false);
    expect(isDatabaseUnavailable(prismaRawQueryError("22021", "invalid byte sequence for encoding"))).toBe(false);
  });
});

describe("isDatabaseBusy", () => {
  it("a statement the server cancelled at statement_timeout is busy: retrying shortly may succeed", () => {
    expect(isDatabaseBusy(prismaRawQueryError("57014", "canceling statement due to statement timeout"))).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }))).toBe(true);
    expect(isDatabaseUnavailable(prismaRawQueryError("57014", "canceling statement due to statement timeout"))).toBe(false);
  });
});
