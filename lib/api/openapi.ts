import "server-only";
import { z } from "zod";
import { routeModules } from "./route-manifest";
import { registeredOperations, type RegisteredOperation } from "./registry";
import type { AuthMode } from "./route";

const SECURITY: Record<AuthMode, Record<string, string[]>[]> = {
  public: [],
  board: [{ BoardSessionAuth: [] }, { BoardApiKeyAuth: [] }],
  agent: [{ AgentBearerAuth: [] }],
  either: [{ BoardSessionAuth: [] }, { BoardApiKeyAuth: [] }, { AgentBearerAuth: [] }],
};

const ERROR_STATUSES: Record<string, string> = {
  "400": "Invalid input; invalid_params names each field",
  "401": "Not authenticated",
  "403": "Not allowed",
  "404": "Not found or not in your company",
  "409": "Conflict",
  "422": "Rule violation",
  "429": "Rate limited; see Retry-After",
  "503": "Database unavailable; see Retry-After",
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "openapi-3.0" }) as Record<string, unknown>;
  return rest;
}

function parameters(operation: RegisteredOperation) {
  const result: Record<string, unknown>[] = [];
  for (const location of ["path", "query"] as const) {
    const schema = (location === "path" ? operation.spec.params : operation.spec.query) as z.ZodType | undefined;
    if (!schema) continue;
    const converted = jsonSchema(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, property] of Object.entries(converted.properties ?? {})) {
      result.push({ name, in: location, required: location === "path" || (converted.required ?? []).includes(name), schema: property, description: property.description });
    }
  }
  return result;
}

/** Builds the document from every route module's declarations, so it cannot drift from what the server accepts. */
export async function buildOpenApiDocument() {
  await Promise.all(routeModules.map((load) => load()));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of registeredOperations()) {
    const { spec } = operation;
    const errorStatuses = spec.auth === "public" ? ["400", "503"] : Object.keys(ERROR_STATUSES);
    paths[operation.path] ??= {};
    paths[operation.path][operation.method.toLowerCase()] = {
      summary: spec.summary,
      description: spec.description,
      tags: spec.tags,
      operationId: `${operation.method.toLowerCase()}${operation.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      security: SECURITY[spec.auth],
      "x-switchboard-auth": spec.auth,
      parameters: parameters(operation),
      ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(spec.body as z.ZodType) } } } } : {}),
      responses: {
        [String(spec.status ?? 200)]: { description: "Success", content: { "application/json": { schema: { type: "object" } } } },
        ...Object.fromEntries(errorStatuses.map((status) => [status, { description: ERROR_STATUSES[status], content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } }])),
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: "Switchboard API", version: process.env.npm_package_version ?? "0.1.0", description: "Wire-compatible with Paperclip's agent API for the paths it shares." },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        BoardSessionAuth: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "Board session from /api/auth/callback/credentials" },
        BoardApiKeyAuth: { type: "http", scheme: "bearer", bearerFormat: "pcp_board_…" },
        AgentBearerAuth: { type: "http", scheme: "bearer", bearerFormat: "pcp_…" },
      },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "detail", "code", "requestId", "error"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { type: "string" },
            requestId: { type: "string" },
            error: { type: "string", description: "Same as detail, for Paperclip clients" },
            details: {},
            invalid_params: { type: "array", items: { type: "object", properties: { name: { type: "string" }, reason: { type: "string" } } } },
          },
        },
      },
    },
    paths,
  };
}
