import "server-only";
import { STATUS_CODES } from "node:http";
import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "../error-codes";
import { isPaperclipOperation } from "./paperclip-operations";
import { registeredOperations, type RegisteredOperation } from "./registry";
import { IGNORED_FIELDS_HEADER } from "./unknown-fields";
import { wrapperErrorCodes, type AuthMode } from "./route";

const SECURITY: Record<AuthMode, Record<string, string[]>[]> = {
  public: [],
  signature: [],
  board: [{ BoardSessionAuth: [] }, { BoardApiKeyAuth: [] }],
  agent: [{ AgentBearerAuth: [] }],
  either: [{ BoardSessionAuth: [] }, { BoardApiKeyAuth: [] }, { AgentBearerAuth: [] }],
};

const IGNORED_FIELDS_NOTE = `Paperclip's server has this operation too, so body fields it does not declare are ignored rather than refused: they are dropped before anything is written, and their names (dotted when nested) are listed in the ${IGNORED_FIELDS_HEADER} response header.`;

const IGNORED_FIELDS_HEADERS = {
  [IGNORED_FIELDS_HEADER]: {
    description: "Body fields this operation does not declare and so ignored, comma-separated (`runId, foo.bar`); absent when there were none.",
    schema: { type: "string" },
  },
};

/**
 * One problem+json response per status the operation can answer with, naming its codes: those the handler declares
 * (`errors`) and those the wrapper adds by auth mode, method and params.
 */
function errorResponses(operation: RegisteredOperation) {
  const codes = new Set<ErrorCode>([...wrapperErrorCodes(operation.method, operation.spec), ...(operation.spec.errors ?? [])]);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes].sort()) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, statusCodes]) => [
      String(status),
      {
        description: `${STATUS_CODES[status] ?? "Error"}: ${statusCodes.map((code) => `\`${code}\` (${ERROR_CODES[code].title})`).join(", ")}`,
        "x-error-codes": statusCodes,
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      },
    ]),
  );
}

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
      result.push({
        name,
        in: location,
        required: location === "path" || (converted.required ?? []).includes(name),
        schema: property,
        description: property.description,
      });
    }
  }
  return result;
}

/** Builds the document from every route module's declarations, so it cannot drift from what the server accepts. */
export async function buildOpenApiDocument(routeModules: readonly (() => Promise<unknown>)[]) {
  // Loading every route module registers its operations; the caller holds the list, since lib never imports app.
  await Promise.all(routeModules.map((load) => load()));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of registeredOperations()) {
    const { spec } = operation;
    const paperclip = isPaperclipOperation(operation.method, operation.path);
    // Where a body is read, Paperclip-shared operations drop unknown fields and name them in a header; others refuse them.
    const ignoresFields = paperclip && operation.method !== "GET";
    paths[operation.path] ??= {};
    paths[operation.path][operation.method.toLowerCase()] = {
      summary: spec.summary,
      description: ignoresFields ? [spec.description, IGNORED_FIELDS_NOTE].filter(Boolean).join("\n\n") : spec.description,
      tags: spec.tags,
      operationId: `${operation.method.toLowerCase()}${operation.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      security: SECURITY[spec.auth],
      "x-switchboard-auth": spec.auth,
      "x-paperclip": paperclip,
      parameters: parameters(operation),
      ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(spec.body as z.ZodType) } } } } : {}),
      responses: {
        ...Object.fromEntries(
          Object.entries({ [spec.status ?? 200]: "Success", ...spec.otherStatuses }).map(([status, description]) => [
            status,
            { description, content: { "application/json": { schema: { type: "object" } } }, ...(ignoresFields ? { headers: IGNORED_FIELDS_HEADERS } : {}) },
          ]),
        ),
        ...errorResponses(operation),
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "Switchboard API",
      version: process.env.npm_package_version ?? "0.1.0",
      description: "Wire-compatible with Paperclip's agent API for the paths it shares.",
    },
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
            code: { type: "string", description: "Stable error code; x-error-codes at the top of this document explains each" },
            requestId: { type: "string" },
            error: { type: "string", description: "Same as detail, for Paperclip clients" },
            details: {},
            invalid_params: { type: "array", items: { type: "object", properties: { name: { type: "string" }, reason: { type: "string" } } } },
          },
        },
      },
    },
    paths,
    "x-error-codes": ERROR_CODES,
  };
}
