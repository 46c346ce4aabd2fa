import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll } from "vitest";
import * as mcpRoute from "@/app/api/mcp/route";

/**
 * A real HTTP server on 127.0.0.1:0 in front of the /api/mcp route module: each POST becomes a NextRequest for the
 * route's handler and its Response is streamed back, so the SDK's own client talks real HTTP. Other methods get 405,
 * as the edge answers them.
 */
export async function startMcpHttp(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      if (incoming.method !== "POST") {
        outgoing.writeHead(405, { allow: "POST" }).end();
        return;
      }
      const body = await readAll(incoming);
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const request = new NextRequest(`http://${incoming.headers.host}${incoming.url}`, {
        method: "POST",
        headers,
        body: body.length ? new Uint8Array(body) : undefined,
      });
      const response = await mcpRoute.POST(request, { params: Promise.resolve({}) });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      const reader = response.body?.getReader();
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) outgoing.write(chunk.value);
      outgoing.end();
    })().catch((error: unknown) => {
      outgoing.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/mcp`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * Starts the MCP server for the test file (beforeAll) and closes it and every client `connect` opened (afterAll).
 * `url()` is only valid inside tests, once the server listens.
 */
export function useMcpHttp() {
  let http: Awaited<ReturnType<typeof startMcpHttp>> | undefined;
  const clients: Client[] = [];
  beforeAll(async () => {
    http = await startMcpHttp();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await http?.close();
  });
  const url = () => {
    if (!http) throw new Error("the MCP server starts in beforeAll: call url() inside a test");
    return http.url;
  };
  return {
    url,
    /** An SDK client to the server (see `mcpClient`), closed after the file's tests. */
    connect: async (token: string, headers: Record<string, string> = {}) => {
      const client = await mcpClient(url(), token, headers);
      clients.push(client);
      return client;
    },
  };
}

async function readAll(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An SDK client connected to `url` with a Bearer key and, for agents, a run id header. */
export async function mcpClient(url: string, token: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "switchboard-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}`, ...headers } } });
  await client.connect(transport);
  return client;
}

export type ToolReply = { isError: boolean; result: any };

/** Calls a tool and returns its structured result (the problem under `error` when it failed). */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolReply> {
  const reply = await client.callTool({ name, arguments: args });
  return { isError: reply.isError === true, result: reply.structuredContent };
}
