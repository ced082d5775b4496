/**
 * A mock feed server for component tests, built on msw's WebSocket and HTTP interception.
 * It speaks protocol v1 like the real one: welcome on connect, a snapshot (or UNKNOWN_SYMBOL
 * error) per subscribed symbol, pong for ping, ticks on demand. It can drop every connection
 * and refuse new ones, so reconnect paths are driven deterministically.
 */
import { http, HttpResponse, ws } from "msw";
import { setupServer, type SetupServer } from "msw/node";
import { decodeClientFrame, type TickPoint } from "../../lib/protocol";

export const FEED_WS_URL = "ws://feed.test/ws";
export const FEED_HTTP_BASE = "http://feed.test";

export interface MockSymbol {
  open: number;
  ticks: TickPoint[];
}

export interface FeedMock {
  server: SetupServer;
  /** Sends a tick for `symbol` with the next seq to every connected client. */
  tick(symbol: string, price: number, size?: number): void;
  /** Closes every open connection (as a crashed server would) and optionally refuses new ones. */
  dropAll(options?: { refuseNew?: boolean }): void;
  /** Accept connections again after dropAll({ refuseNew: true }). */
  acceptNew(): void;
  /** Number of connections accepted so far. */
  connections(): number;
}

export function createFeedMock(symbols: Record<string, MockSymbol>): FeedMock {
  const feed = ws.link(FEED_WS_URL);
  const book = new Map(Object.entries(symbols).map(([s, v]) => [s, { open: v.open, ticks: [...v.ticks] }]));
  let refuse = false;
  let accepted = 0;

  const seqOf = (symbol: string): number => book.get(symbol)?.ticks.at(-1)?.seq ?? 0;

  const server = setupServer(
    http.get(`${FEED_HTTP_BASE}/symbols`, () =>
      HttpResponse.json(
        [...book.entries()].map(([symbol, v]) => ({ symbol, price: v.ticks.at(-1)?.price ?? v.open, open: v.open, seq: seqOf(symbol) })),
        { headers: { "access-control-allow-origin": "*" } },
      ),
    ),
    feed.addEventListener("connection", ({ client }) => {
      if (refuse) {
        client.close(1013, "Try again later");
        return;
      }
      accepted += 1;
      client.send(
        JSON.stringify({ type: "welcome", protocol: 1, server: "mock", epoch: "e1", symbols: [...book.keys()], time: Date.now() }),
      );
      client.addEventListener("message", (event) => {
        if (typeof event.data !== "string") return;
        const parsed = decodeClientFrame(event.data);
        if (!parsed.ok) return;
        const msg = parsed.value;
        switch (msg.op) {
          case "ping":
            client.send(JSON.stringify({ type: "pong", id: msg.id, time: Date.now() }));
            break;
          case "subscribe":
            for (const symbol of msg.symbols) {
              const entry = book.get(symbol);
              if (!entry) {
                client.send(JSON.stringify({ type: "error", code: "UNKNOWN_SYMBOL", message: `unknown symbol ${symbol}`, symbol }));
                continue;
              }
              client.send(
                JSON.stringify({ type: "snapshot", symbol, seq: seqOf(symbol), resumed: false, open: entry.open, ticks: entry.ticks }),
              );
            }
            break;
          case "unsubscribe":
            client.send(JSON.stringify({ type: "unsubscribed", symbols: msg.symbols }));
            break;
        }
      });
    }),
  );

  return {
    server,
    tick(symbol, price, size = 1) {
      const entry = book.get(symbol);
      if (!entry) throw new Error(`mock feed has no symbol ${symbol}`);
      const point = { seq: seqOf(symbol) + 1, price, size, ts: Date.now() };
      entry.ticks.push(point);
      feed.broadcast(JSON.stringify({ type: "tick", symbol, ...point }));
    },
    dropAll(options = {}) {
      refuse = options.refuseNew ?? false;
      for (const client of feed.clients) client.close(1011, "Mock server dropped the connection");
    },
    acceptNew() {
      refuse = false;
    },
    connections: () => accepted,
  };
}
