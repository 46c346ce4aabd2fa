// Reads a text/event-stream response into a list as it arrives, for in-process route tests and for specs that hold a
// real server's stream open alike.

export type StreamEvent = { type: string; data: string };

export type EventStream = {
  events: StreamEvent[];
  /** True once the server closed the stream (or reading it failed). */
  ended: boolean;
  /** Every event of this type received so far, parsed from JSON. */
  ofType(type: string): any[];
  close(): Promise<void>;
};

/** Keeps reading `response`'s body into `events` until the server ends it or `close()` aborts `abort`. */
export function readEventStream(response: Response, abort: AbortController): EventStream {
  const reader = response.body!.getReader();
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
