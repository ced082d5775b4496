/**
 * A TCP pass-through between the browser and the feed server that a test can cut and restore
 * while the server keeps running: the way to drop a page's WebSocket without restarting the
 * feed (Chromium's offline emulation does not close open WebSockets). While cut, every
 * connection is closed as soon as it is accepted, so the page keeps retrying and failing.
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";

export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private refusing = false;
  private accepted = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1 (free port) and forwards every connection to 127.0.0.1:`targetPort`. */
  static start(targetPort: number): Promise<TcpProxy> {
    return new Promise((resolve, reject) => {
      let proxy: TcpProxy | null = null;
      const server = createServer((client) => proxy?.accept(client, targetPort));
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        if (typeof address !== "object" || address === null) return reject(new Error("proxy has no address"));
        proxy = new TcpProxy(server, address.port);
        resolve(proxy);
      });
    });
  }

  /** Connections accepted so far (including refused ones while cut). */
  get connections(): number {
    return this.accepted;
  }

  /** Drops every open connection and refuses new ones until restore(). */
  cut(): void {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.refusing = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, targetPort: number): void {
    this.accepted += 1;
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(a);
      a.pipe(b);
      a.on("error", () => b.destroy());
      a.on("close", () => {
        this.sockets.delete(a);
        b.destroy();
      });
    }
  }
}
