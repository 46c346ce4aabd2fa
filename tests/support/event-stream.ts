// Opens an SSE route in-process and keeps reading it, so a test can wait for the events it expects.
import { NextRequest } from "next/server";
import { BASE_URL } from "./fixtures";

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type StreamEvent = { type: string; data: string };

export type EventStream = {
  events: StreamEvent[];
  /** True once the server closed the stream (or reading it failed). */
  ended: boolean;
  /** Every event of this type received so far, parsed from JSON. */
  ofType(type: string): any[];
  close(): Promise<void>;
};

export async function openEventStream(handler: RouteHandler, path: string, options: { token: string; params: Record<string, string> }): Promise<EventStream> {
  const abort = new AbortController();
  const request = new NextRequest(`${BASE_URL}${path}`, { headers: { authorization: `Bearer ${options.token}` }, signal: abort.signal });
  const response = await handler(request, { params: Promise.resolve(options.params) });
  if (response.status !== 200 || !response.body) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  const reader = response.body.getReader();
  const stream: EventStream = {
    events: [],
    ended: false,
    ofType: (type) => stream.events.filter((event) => event.type === type).map((event) => JSON.parse(event.data)),
    async close() {
      abort.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) type = line.slice("event: ".length);
          else if (line.startsWith("data: ")) data.push(line.slice("data: ".length));
        }
        // Comment-only blocks (keepalives) and bare retry: lines carry no event.
        if (data.length) stream.events.push({ type, data: data.join("\n") });
      }
    }
  })()
    .catch(() => undefined)
    .finally(() => (stream.ended = true));
  return stream;
}
