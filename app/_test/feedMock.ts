/**
 * A mock feed server for component tests, built on msw's WebSocket and HTTP interception.
 * It speaks protocol v1 like the real one: welcome on connect, a snapshot (or UNKNOWN_SYMBOL
 * error) per subscribed symbol, pong for ping, ticks on demand. It can drop every connection
 * and refuse new ones, so reconnect paths are driven deterministically.
 */
import { http, HttpResponse, ws } from "msw";
import { setupServer, type SetupServer } from "msw/node";
import { dayStats } from "../../lib/bars/dayStats";
import { tradingDayStart } from "../../lib/bars/tradingDay";
import type { Bar, Interval, MarketState, SymbolKind } from "../../lib/bars/types";
import { decodeClientFrame, type TickPoint } from "../../lib/protocol";

export const FEED_WS_URL = "ws://feed.test/ws";
export const FEED_HTTP_BASE = "http://feed.test";

export interface MockSymbol {
  open: number;
  ticks: TickPoint[];
  /** With a previous close, snapshots and quotes carry session fields (today = the mock's ticks). */
  prevClose?: number;
  kind?: SymbolKind;
  sector?: string;
  market?: MarketState;
  /** What GET /bars answers per interval (oldest first). */
  bars?: Partial<Record<Interval, Bar[]>>;
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
  /** Sends a `bar` frame to every client (the mock does not track who subscribed to bars). */
  bar(symbol: string, interval: Interval, bar: Bar, seq: number): void;
  /** The GET requests answered, as "path?query", oldest first. */
  httpRequests(): string[];
  /** The subscribe frames received, oldest first. */
  subscribes(): { symbols: string[]; bars?: Interval }[];
}

export function createFeedMock(symbols: Record<string, MockSymbol>): FeedMock {
  const feed = ws.link(FEED_WS_URL);
  const book = new Map(Object.entries(symbols).map(([s, v]) => [s, { ...v, ticks: [...v.ticks] }]));
  let refuse = false;
  let accepted = 0;
  const requests: string[] = [];
  const subscribes: { symbols: string[]; bars?: Interval }[] = [];
  const cors = { headers: { "access-control-allow-origin": "*" } };

  const seqOf = (symbol: string): number => book.get(symbol)?.ticks.at(-1)?.seq ?? 0;
  /** Today's daily bar: the mock's ticks. */
  const todayOf = (symbol: string): Bar | undefined => {
    const ticks = book.get(symbol)?.ticks ?? [];
    return ticks.length === 0
      ? undefined
      : {
          t: tradingDayStart(ticks[0]!.ts, book.get(symbol)?.kind ?? "stock"),
          o: ticks[0]!.price,
          h: Math.max(...ticks.map((t) => t.price)),
          l: Math.min(...ticks.map((t) => t.price)),
          c: ticks.at(-1)!.price,
          v: ticks.reduce((sum, t) => sum + t.size, 0),
          n: ticks.length,
        };
  };
  /** The session fields of a symbol with a previous close: today is the mock's ticks. */
  const session = (symbol: string) => {
    const entry = book.get(symbol);
    if (!entry) return {};
    if (entry.prevClose === undefined) return { market: entry.market ?? "open" };
    return { ...dayStats(entry.prevClose, todayOf(symbol)), market: entry.market ?? "open" };
  };
  const barsFor = (symbol: string, interval: Interval): Bar[] => {
    const configured = book.get(symbol)?.bars?.[interval];
    if (configured) return configured;
    const today = interval === "1d" ? todayOf(symbol) : undefined;
    return today ? [today] : [];
  };
  const quote = (symbol: string) => {
    const v = book.get(symbol)!;
    return {
      symbol,
      price: v.ticks.at(-1)?.price ?? v.open,
      open: v.open,
      seq: seqOf(symbol),
      kind: v.kind ?? "stock",
      sector: v.sector ?? null,
      ...session(symbol),
    };
  };

  const server = setupServer(
    http.get(`${FEED_HTTP_BASE}/symbols`, () => {
      requests.push("/symbols");
      return HttpResponse.json([...book.keys()].map(quote), cors);
    }),
    http.get(`${FEED_HTTP_BASE}/quote/:symbol`, ({ params }) => {
      const symbol = String(params.symbol);
      requests.push(`/quote/${symbol}`);
      if (!book.has(symbol)) return HttpResponse.json({ error: "UNKNOWN_SYMBOL", message: `unknown symbol ${symbol}` }, { status: 404, ...cors });
      return HttpResponse.json(quote(symbol), cors);
    }),
    http.get(`${FEED_HTTP_BASE}/bars/:symbol`, ({ params, request }) => {
      const symbol = String(params.symbol);
      const url = new URL(request.url);
      requests.push(`/bars/${symbol}${url.search}`);
      const interval = url.searchParams.get("interval") as Interval;
      const entry = book.get(symbol);
      if (!entry) return HttpResponse.json({ error: "UNKNOWN_SYMBOL", message: `unknown symbol ${symbol}` }, { status: 404, ...cors });
      const limit = Number(url.searchParams.get("limit") ?? 500);
      const bars = barsFor(symbol, interval).slice(-limit);
      return HttpResponse.json({ symbol, interval, bars, next: null }, cors);
    }),
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
            subscribes.push(msg.bars ? { symbols: msg.symbols, bars: msg.bars } : { symbols: msg.symbols });
            for (const symbol of msg.symbols) {
              const entry = book.get(symbol);
              if (!entry) {
                client.send(JSON.stringify({ type: "error", code: "UNKNOWN_SYMBOL", message: `unknown symbol ${symbol}`, symbol }));
                continue;
              }
              const base = { type: "snapshot", symbol, seq: seqOf(symbol), resumed: false, open: entry.open, ...session(symbol) };
              const frame = msg.bars
                ? { ...base, ticks: [], interval: msg.bars, bars: barsFor(symbol, msg.bars).slice(-300) }
                : { ...base, ticks: entry.ticks };
              client.send(JSON.stringify(frame));
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
    bar(symbol, interval, bar, seq) {
      feed.broadcast(JSON.stringify({ type: "bar", symbol, interval, bar, closed: false, seq }));
    },
    httpRequests: () => [...requests],
    subscribes: () => [...subscribes],
  };
}
