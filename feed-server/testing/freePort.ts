/**
 * A currently free loopback port. Tests that restart a server on the same port listen on an
 * explicit port from the start: uSockets sets SO_REUSEADDR only for explicit ports, and without
 * it the first server's TIME_WAIT connections block the second bind.
 */
import { createServer, type AddressInfo } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
