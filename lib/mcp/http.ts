import "server-only";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { ErrorCode } from "../error-codes";
import { BadRequest, DomainError, PayloadTooLarge, UnsupportedMediaType } from "../errors";
import { problemResponse } from "../api/problem";
import { createMcpServer } from "./server";
import type { McpContext } from "./context";

/** What POST /api/mcp can answer besides the wrapper's codes; tool failures are inside a 200 as MCP tool errors. */
export const MCP_ROUTE_ERRORS = [
  "mcp_invalid_message",
  "mcp_not_acceptable",
  "unsupported_media_type",
  "payload_too_large",
] as const satisfies readonly ErrorCode[];

/**
 * One MCP exchange, stateless: a fresh server bound to the caller and a transport answering JSON (no SSE stream, no
 * session), given the body the route already read and checked. The transport's own refusals (JSON-RPC errors on a
 * 4xx) become problem+json like every other refusal of the API, the JSON-RPC error kept in details.
 */
export async function handleMcpRequest(context: McpContext, request: Request, body: unknown): Promise<Response> {
  const server = createMcpServer(context);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    const response = await transport.handleRequest(request, { parsedBody: body });
    return response.status < 400 ? response : problemResponse(await transportRefusal(response), context.requestId);
  } finally {
    await server.close();
  }
}

async function transportRefusal(response: Response): Promise<DomainError> {
  const text = await response.text();
  let jsonrpc: unknown = text;
  try {
    jsonrpc = (JSON.parse(text) as { error?: unknown }).error ?? jsonrpc;
  } catch {
    // Not JSON: keep the text.
  }
  const message =
    typeof (jsonrpc as { message?: unknown })?.message === "string" ? (jsonrpc as { message: string }).message : `MCP transport refused (${response.status})`;
  if (response.status === 406) return new DomainError(406, "mcp_not_acceptable", message, { details: { jsonrpc } });
  if (response.status === 415) return new UnsupportedMediaType();
  if (response.status === 413) return new PayloadTooLarge(1024 * 1024);
  if (response.status >= 500) throw new Error(`MCP transport failed (${response.status}): ${message}`);
  return new BadRequest(message, "mcp_invalid_message", { details: { jsonrpc } });
}
