import { defineRoutes, operation } from "@/lib/api/route";
import { MCP_ROUTE_ERRORS, handleMcpRequest } from "@/lib/mcp/http";
import { mcpRequestBody } from "@/lib/schemas/mcp";

export const { POST } = defineRoutes("/api/mcp", {
  POST: operation({
    summary: "MCP server (Streamable HTTP)",
    description:
      "The Model Context Protocol over Streamable HTTP, stateless with JSON responses: the workflow's tools (list_tasks, claim, update, attach, thinking, log_metrics, mark_file, …), resources for ready/blocked/claimed tasks and file marks, and the workflow's prompts. Send `Accept: application/json, text/event-stream`. Same keys, run id header and company scoping as the REST API; tool failures are MCP tool errors carrying the REST problem. Only POST: there is no SSE stream or session to GET or DELETE.",
    tags: ["mcp"],
    auth: "either",
    body: mcpRequestBody,
    errors: MCP_ROUTE_ERRORS,
    handler: ({ actor, runId, requestId, request, body }) => handleMcpRequest({ actor, runId, requestId }, request, body),
  }),
});
