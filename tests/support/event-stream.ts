// Opens an SSE route in-process and keeps reading it, so a test can wait for the events it expects.
import { NextRequest } from "next/server";
import { BASE_URL } from "./fixtures";
import { readEventStream, type EventStream } from "./sse";

export type { EventStream, StreamEvent } from "./sse";

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function openEventStream(handler: RouteHandler, path: string, options: { token: string; params: Record<string, string> }): Promise<EventStream> {
  const abort = new AbortController();
  const request = new NextRequest(`${BASE_URL}${path}`, { headers: { authorization: `Bearer ${options.token}` }, signal: abort.signal });
  const response = await handler(request, { params: Promise.resolve(options.params) });
  if (response.status !== 200 || !response.body) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return readEventStream(response, abort);
}
