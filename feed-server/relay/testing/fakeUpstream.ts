/**
 * A stand-in for a provider, on a free loopback port: its WebSocket records what the relay sends
 * and lets the test push frames or drop the connection; its HTTP side answers the REST paths a
 * test registers (history endpoints), each request recorded. It speaks whatever the test sends.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { waitFor } from "../../../lib/testing/waitFor";

/** How the fake answers one HTTP request: a status and a body, optionally after a delay. */
export interface HttpReply {
  status?: number;
  /** A string is sent as is (broken JSON on purpose); anything else as JSON. */
  body: unknown;
  delayMs?: number;
}

export type HttpRoute = (url: URL) => HttpReply;

export class FakeUpstream {
  /** Every frame received, in order, with the connection number it came on (1-based). */
  readonly received: { conn: number; text: string }[] = [];
  /** Query string of each connection's URL. */
  readonly queries: string[] = [];
  /** Every HTTP request: path and query. */
  readonly httpRequests: URL[] = [];
  private readonly sockets: WebSocket[] = [];
  private readonly routes = new Map<string, HttpRoute>();
  private readonly delayed = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly http: Server,
    private readonly server: WebSocketServer,
  ) {
    http.on("request", (req: IncomingMessage, res: ServerResponse) => this.answer(req, res));
    server.on("connection", (socket, req) => {
      this.sockets.push(socket);
      const conn = this.sockets.length;
      this.queries.push(new URL(req.url ?? "/", "ws://x").search);
      socket.on("message", (data) => this.received.push({ conn, text: data.toString() }));
    });
  }

  static async start(): Promise<FakeUpstream> {
    const http = createServer();
    const server = new WebSocketServer({ server: http });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
    return new FakeUpstream(http, server);
  }

  private get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** Base URL of the HTTP side, for REST endpoints. */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Answers GET `path` (any query) with what `route` returns; unknown paths get 404. */
  route(path: string, route: HttpRoute): void {
    this.routes.set(path, route);
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", this.httpUrl);
    this.httpRequests.push(url);
    const route = this.routes.get(url.pathname);
    const reply: HttpReply = route ? route(url) : { status: 404, body: { error: `no route ${url.pathname}` } };
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
      res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
    };
    if (!reply.delayMs) return send();
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      send();
    }, reply.delayMs);
    this.delayed.add(timer);
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
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
