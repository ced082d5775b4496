/**
 * Peer 1: protocol v1's subset (welcome, subscribe, snapshot, tick) on the `ws` library.
 *
 * Why it is fair and idiomatic, written as a careful ws user would:
 * - compression off (`perMessageDeflate: false`), as the feed server has it off;
 * - each tick is serialised once and turned into one Buffer, and that same Buffer goes to
 *   every subscriber with `{ binary: false }`, so no subscriber costs a JSON.stringify or a
 *   string-to-bytes copy (passing the string would re-encode it per send);
 * - subscribers live in a Set per symbol, so a tick touches only its subscribers;
 * - snapshots are joined from stored JSON fragments, as the feed server does;
 * - `clientTracking: false`: the peer keeps its own sets, so ws need not keep another;
 * - slow consumers are handled as the protocol asks: a sweep every 100 ms closes clients whose
 *   `bufferedAmount` passed the limit with 4008. Without it ws buffers without bound.
 * Client input is parsed by the project's own `decodeClientFrame`.
 *
 * Sends are not batched: each tick goes to its subscribers as it comes, one `ws.send` per tick per
 * subscriber, as a careful ws user writes it. tickwire's FEED_FLUSH_MS (write batching) has no
 * counterpart here; ws offers no publish-and-merge primitive, and holding ticks back is a
 * server design choice the comparison measures rather than copies.
 */
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { CloseCodes, ErrorCodes } from "../../lib/codes";
import { decodeClientFrame, MAX_FRAME_BYTES, PROTOCOL_VERSION, type SubscribeOp, type Tick } from "../../lib/protocol";
import { runPeer } from "./control";
import { withFault } from "./faults";
import { RecentTicks } from "./recentTicks";

interface Fragment {
  seq: number;
  /** `{"seq":..,"price":..,"size":..,"ts":..}` */
  json: string;
}

const SWEEP_MS = 100;
const TEXT = { binary: false } as const;

runPeer((ctx) => {
  const history = new RecentTicks<Fragment>(ctx.symbols, ctx.snapshotTicks);
  const subscribers = new Map<string, Set<WebSocket>>(ctx.symbols.map((s) => [s, new Set()]));
  const held = new Map<WebSocket, Set<string>>();
  const epoch = `ws-${Date.now().toString(36)}`;

  function drop(ws: WebSocket): void {
    for (const symbol of held.get(ws) ?? []) subscribers.get(symbol)?.delete(ws);
    held.delete(ws);
  }

  function snapshot(symbol: string): string {
    const { seq, items } = history.latest(symbol);
    const open = ctx.opens.get(symbol);
    return `{"type":"snapshot","symbol":"${symbol}","seq":${seq},"resumed":false,"open":${open},"ticks":[${items.map((f) => f.json).join(",")}]}`;
  }

  function subscribe(ws: WebSocket, op: SubscribeOp): void {
    const mine = held.get(ws);
    if (!mine) return;
    for (const symbol of new Set(op.symbols)) {
      const subs = subscribers.get(symbol);
      if (!subs) {
        ws.send(JSON.stringify({ type: "error", code: ErrorCodes.UNKNOWN_SYMBOL, message: `unknown symbol ${symbol}`, symbol }));
        continue;
      }
      // Snapshot and joining the set happen in one synchronous turn: the next tick is seq + 1.
      ws.send(snapshot(symbol));
      subs.add(ws);
      mine.add(symbol);
    }
  }

  function onMessage(ws: WebSocket, text: string): void {
    const parsed = decodeClientFrame(text);
    if (!parsed.ok) {
      ws.send(JSON.stringify({ type: "error", code: ErrorCodes.BAD_REQUEST, message: parsed.error }));
      return;
    }
    const op = parsed.value;
    switch (op.op) {
      case "subscribe":
        return subscribe(ws, op);
      case "unsubscribe":
        for (const symbol of op.symbols) {
          subscribers.get(symbol)?.delete(ws);
          held.get(ws)?.delete(symbol);
        }
        ws.send(JSON.stringify({ type: "unsubscribed", symbols: op.symbols }));
        return;
      case "ping":
        ws.send(`{"type":"pong","id":${op.id},"time":${Date.now()}}`);
        return;
      case "auth":
        ws.send(JSON.stringify({ type: "error", code: ErrorCodes.TOKEN_REFUSED, message: "token refused: this server does not use tokens" }));
        return;
      default: {
        const unreachable: never = op;
        throw new Error(`unhandled op ${JSON.stringify(unreachable)}`);
      }
    }
  }

  function sweep(): void {
    for (const ws of held.keys()) {
      if (ws.bufferedAmount > ctx.maxBackpressure) {
        drop(ws);
        ws.close(CloseCodes.SLOW_CONSUMER.code, CloseCodes.SLOW_CONSUMER.reason);
      }
    }
  }

  const publish = (tick: Tick): void => {
    const json = `{"seq":${tick.seq},"price":${tick.price},"size":${tick.size},"ts":${tick.ts}}`;
    history.push(tick.symbol, { seq: tick.seq, json });
    const subs = subscribers.get(tick.symbol);
    if (!subs || subs.size === 0) return;
    const frame = Buffer.from(`{"type":"tick","symbol":"${tick.symbol}",${json.slice(1)}`);
    for (const ws of subs) ws.send(frame, TEXT);
  };

  return {
    publish: withFault(publish, ctx.fault),
    start: () =>
      new Promise<number>((resolve, reject) => {
        const wss = new WebSocketServer({
          host: "127.0.0.1",
          port: 0,
          path: "/ws",
          perMessageDeflate: false,
          clientTracking: false,
          maxPayload: 4 * MAX_FRAME_BYTES,
        });
        wss.on("connection", (ws) => {
          held.set(ws, new Set());
          ws.on("message", (data, isBinary) => {
            if (isBinary) return;
            try {
              onMessage(ws, data.toString());
            } catch (err) {
              console.error("ws peer: error handling a frame", err);
            }
          });
          ws.on("close", () => drop(ws));
          ws.on("error", () => drop(ws));
          ws.send(
            JSON.stringify({ type: "welcome", protocol: PROTOCOL_VERSION, server: "ws-peer", epoch, symbols: ctx.symbols, time: Date.now() }),
          );
        });
        wss.once("error", reject);
        wss.once("listening", () => {
          setInterval(sweep, SWEEP_MS);
          resolve((wss.address() as AddressInfo).port);
        });
      }),
  };
});
