import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Conflict } from "../errors";
import { defineRoutes, operation, wrapperErrorCodes } from "./route";

describe("undeclared error codes", () => {
  const saved = process.env.SWITCHBOARD_UNDECLARED_CODES_FILE;
  let file: string;
  beforeEach(() => {
    // A file of this test's own: the shared one would fail scripts/test.ts.
    file = path.join(mkdtempSync(path.join(os.tmpdir(), "undeclared-codes-")), "codes.ndjson");
    process.env.SWITCHBOARD_UNDECLARED_CODES_FILE = file;
  });
  afterEach(() => {
    process.env.SWITCHBOARD_UNDECLARED_CODES_FILE = saved;
  });

  const { POST } = defineRoutes("/api/__tests__/undeclared-codes", {
    POST: operation({
      summary: "Throws the code it is asked for",
      auth: "public",
      body: z.strictObject({ code: z.enum(["label_exists", "email_taken"]) }),
      errors: ["label_exists"],
      handler: ({ body }) => {
        throw new Conflict("Refused", body.code);
      },
    }),
  });
  const call = (body: unknown) =>
    POST(
      new NextRequest("http://localhost/api/__tests__/undeclared-codes", {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      }),
      {
        params: Promise.resolve({}),
      },
    );

  it("records a code the operation does not declare, and still answers with it", async () => {
    const response = await call({ code: "email_taken" });
    expect([response.status, (await response.json()).code]).toEqual([409, "email_taken"]);
    expect(readFileSync(file, "utf8")).toBe(`${JSON.stringify({ method: "POST", path: "/api/__tests__/undeclared-codes", code: "email_taken" })}\n`);
  });

  it("passes declared codes and the wrapper's own", async () => {
    expect((await call({ code: "label_exists" })).status).toBe(409);
    expect((await call({ code: "nope" })).status).toBe(400);
    expect(existsSync(file)).toBe(false);
  });
});

describe("wrapperErrorCodes", () => {
  const companyParams = z.strictObject({ companyId: z.uuid() });

  it("follows the auth mode, the method and a companyId param", () => {
    expect(wrapperErrorCodes("GET", { auth: "public" })).not.toContain("unauthorized");
    expect(wrapperErrorCodes("GET", { auth: "agent" })).toEqual(expect.arrayContaining(["unauthorized", "agent_required"]));
    expect(wrapperErrorCodes("POST", { auth: "board" })).toEqual(
      expect.arrayContaining(["board_required", "origin_mismatch", "payload_too_large", "invalid_json"]),
    );
    expect(wrapperErrorCodes("POST", { auth: "agent" })).not.toContain("origin_mismatch");
    expect(wrapperErrorCodes("GET", { auth: "either", params: companyParams })).toContain("not_found");
    expect(wrapperErrorCodes("GET", { auth: "either", params: companyParams })).not.toContain("insufficient_role");
    expect(wrapperErrorCodes("PATCH", { auth: "either", params: companyParams })).toContain("insufficient_role");
  });
});
