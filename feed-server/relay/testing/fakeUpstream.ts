/**
 * A stand-in for a provider's WebSocket, on a free loopback port: records what the relay sends
 * and lets the test push frames or drop the connection. It speaks whatever the test sends.
 */
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { waitFor } from "../../../lib/testing/waitFor";

export class FakeUpstream {
  /** Every frame received, in order, with the connection number it came on (1-based). */
  readonly received: { conn: number; text: string }[] = [];
  /** Query string of each connection's URL. */
  readonly queries: string[] = [];
  private readonly sockets: WebSocket[] = [];

  private constructor(private readonly server: WebSocketServer) {
    server.on("connection", (socket, req) => {
      this.sockets.push(socket);
      const conn = this.sockets.length;
      this.queries.push(new URL(req.url ?? "/", "ws://x").search);
      socket.on("message", (data) => this.received.push({ conn, text: data.toString() }));
    });
  }

  static async start(): Promise<FakeUpstream> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    return new FakeUpstream(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/ws`;
  }

  get connections(): number {
    return this.sockets.length;
  }

  /** Frames of connection `conn` parsed as JSON. */
  frames(conn = this.sockets.length): unknown[] {
    return this.received.filter((r) => r.conn === conn).map((r) => JSON.parse(r.text) as unknown);
  }

  async waitForConnection(n: number): Promise<void> {
    await waitFor(() => this.sockets.length >= n && this.sockets[n - 1]!.readyState === WebSocket.OPEN, `upstream connection #${n}`);
  }

  async waitForFrames(count: number, conn = this.sockets.length): Promise<unknown[]> {
    return waitFor(() => (this.frames(conn).length >= count ? this.frames(conn) : undefined), `${count} frames on upstream connection #${conn}`);
  }

  /** Sends to the newest connection. */
  send(frame: string | object): void {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error("no upstream connection");
    socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Drops every connection without a close frame, as a network failure would. */
  dropAll(): void {
    for (const s of this.sockets) s.terminate();
  }

  async stop(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
