import { createServer } from "node:net";

/**
 * Asks the kernel for an unused loopback port, other than `besides`: a port someone chose but has not bound yet (the
 * app's PORT while the launcher starts its database first) is free to the kernel and can come back.
 */
export async function findFreePort(besides: number[] = []): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (!besides.includes(port)) return port;
  }
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
