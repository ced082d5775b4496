/**
 * A loopback TCP proxy that can cut a network path without closing it: `partition()` black-holes
 * every byte both ways (no FIN, no RST, as when a switch or a firewall drops packets) and refuses
 * new connections; `heal()` lets traffic through again. Sockets that lived through a partition have
 * lost bytes, so healing closes them and the client reconnects on a clean one.
 */
import { createServer, connect, type Server, type Socket } from "node:net";

export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private partitioned = false;
  private server: Server | undefined;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("proxy has no port");
    this.port = address.port;
    return this.port;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  partition(): void {
    this.partitioned = true;
  }

  heal(): void {
    this.partitioned = false;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  async stop(): Promise<void> {
    this.heal();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    if (this.partitioned) {
      client.destroy();
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const end = () => {
      // A close does not cross a partition either: the other end learns of it only after heal().
      if (this.partitioned) return;
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (d) => {
      if (!this.partitioned) upstream.write(d);
    });
    upstream.on("data", (d) => {
      if (!this.partitioned) client.write(d);
    });
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  }
}
