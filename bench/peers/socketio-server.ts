/**
 * Peer 2: protocol v1's subset on Socket.IO 4, mapped onto events: `welcome`, `subscribe`,
 * `snapshot` and `tick`, carrying the same fields as tickwire's JSON frames.
 *
 * Why it is fair and idiomatic:
 * - WebSocket transport only (`transports: ["websocket"]`), so no long-polling handshake or
 *   upgrade; compression off both ways (`perMessageDeflate: false`, `httpCompression: false`);
 * - one room per symbol, `socket.join(symbol)` on subscribe and `io.to(symbol).emit("tick", tick)`
 *   per tick: the path the Socket.IO docs recommend for fan-out. The adapter encodes a broadcast
 *   once and, on the ws engine, pre-frames it once for all recipients;
 * - payloads are plain objects, as Socket.IO users emit them; the snapshot is serialised per
 *   emit because that is what `socket.emit(obj)` does;
 * - slow consumers get Socket.IO's own behaviour: there is no per-socket backpressure API, so
 *   nothing is added; the engine's heartbeat (pingInterval 25 s + pingTimeout 20 s) is what
 *   eventually drops a client that stopped reading.
 *
 * Emits are not batched: each tick is emitted to its room as it comes, as a careful Socket.IO user
 * writes it. tickwire's FEED_FLUSH_MS (write batching) has no counterpart here; holding ticks
 * back is a server design choice the comparison measures rather than copies.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { ErrorCodes } from "../../lib/codes";
import { parseClientMessage, PROTOCOL_VERSION, type Tick, type TickPoint } from "../../lib/protocol";
import { runPeer } from "./control";
import { withFault } from "./faults";
import { RecentTicks } from "./recentTicks";

interface SnapshotPayload {
  symbol: string;
  seq: number;
  resumed: false;
  open: number;
  ticks: TickPoint[];
}

interface ServerToClient {
  welcome: (msg: { protocol: number; server: string; epoch: string; symbols: string[]; time: number }) => void;
  snapshot: (msg: SnapshotPayload) => void;
  tick: (tick: Tick) => void;
  feed_error: (msg: { code: string; message: string; symbol?: string }) => void;
}

interface ClientToServer {
  subscribe: (payload: unknown) => void;
}

runPeer((ctx) => {
  const history = new RecentTicks<TickPoint>(ctx.symbols, ctx.snapshotTicks);
  const epoch = `socketio-${Date.now().toString(36)}`;
  const httpServer = createServer();
  const io = new Server<ClientToServer, ServerToClient>(httpServer, {
    transports: ["websocket"],
    perMessageDeflate: false,
    httpCompression: false,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
  });

  io.on("connection", (socket) => {
    socket.emit("welcome", { protocol: PROTOCOL_VERSION, server: "socketio-peer", epoch, symbols: ctx.symbols, time: Date.now() });
    socket.on("subscribe", (payload: unknown) => {
      const parsed = parseClientMessage(typeof payload === "object" && payload !== null ? { ...payload, op: "subscribe" } : payload);
      if (!parsed.ok || parsed.value.op !== "subscribe") {
        socket.emit("feed_error", { code: ErrorCodes.BAD_REQUEST, message: parsed.ok ? "expected a subscribe" : parsed.error });
        return;
      }
      for (const symbol of new Set(parsed.value.symbols)) {
        if (!history.has(symbol)) {
          socket.emit("feed_error", { code: ErrorCodes.UNKNOWN_SYMBOL, message: `unknown symbol ${symbol}`, symbol });
          continue;
        }
        const { seq, items } = history.latest(symbol);
        // Snapshot and join in one synchronous turn: the next tick the socket gets is seq + 1.
        socket.emit("snapshot", { symbol, seq, resumed: false, open: ctx.opens.get(symbol) ?? 0, ticks: items });
        void socket.join(symbol);
      }
    });
  });

  const publish = (tick: Tick): void => {
    history.push(tick.symbol, { seq: tick.seq, price: tick.price, size: tick.size, ts: tick.ts });
    io.to(tick.symbol).emit("tick", tick);
  };

  return {
    publish: withFault(publish, ctx.fault),
    start: () =>
      new Promise<number>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(0, "127.0.0.1", () => resolve((httpServer.address() as AddressInfo).port));
      }),
  };
});
