import { describe, expect, it } from "vitest";
import * as openApiRoute from "@/app/api/openapi.json/route";
import { ERROR_CODES, type ErrorCode } from "@/lib/error-codes";
import { callRoute } from "./support/fixtures";

type Response = { description: string; "x-error-codes"?: ErrorCode[] };
type Document = { paths: Record<string, Record<string, { responses: Record<string, Response> }>>; "x-error-codes": typeof ERROR_CODES };

describe("GET /api/openapi.json — error codes", () => {
  it("lists each operation's codes under their registered status, wrapper codes included", async () => {
    const { status, json } = await callRoute(openApiRoute.GET, "GET", "/api/openapi.json");
    expect(status).toBe(200);
    const document = json as Document;
    expect(document["x-error-codes"]).toEqual(ERROR_CODES);

    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, { responses }] of Object.entries(methods)) {
        for (const [responseStatus, response] of Object.entries(responses)) {
          for (const code of response["x-error-codes"] ?? []) {
            expect(ERROR_CODES[code]?.status, `${method} ${path}: ${code}`).toBe(Number(responseStatus));
            expect(response.description).toContain(`\`${code}\``);
          }
        }
      }
    }

    const checkout = document.paths["/api/issues/{id}/checkout"].post.responses;
    expect(checkout["409"]["x-error-codes"]).toContain("checkout_conflict");
    expect(checkout["401"]["x-error-codes"]).toEqual(expect.arrayContaining(["unauthorized", "invalid_api_key", "run_id_required"]));
    expect(checkout["400"]["x-error-codes"]).toContain("validation_failed");
    expect(checkout["503"]["x-error-codes"]).toEqual(["database_busy", "database_unavailable"]);
    expect(document.paths["/api/health"].get.responses["401"]["x-error-codes"]).not.toContain("unauthorized");
  });
});
