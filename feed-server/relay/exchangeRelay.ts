/**
 * Relays one upstream market-data WebSocket (Finnhub, Binance, Coinbase) into the feed:
 * subscribes upstream only to what local clients watch (or a pinned list), lingers before
 * dropping a symbol, reconnects with full-jitter backoff and resubscribes, respects the
 * upstream's message rate, and reports symbols stale while the upstream is down or quiet.
 * Malformed or unexpected upstream frames are counted and skipped; they never reach clients.
 */
import WebSocket from "ws";
import { fullJitterDelay } from "../../lib/feedClient/backoff";
import type { Interval } from "../../lib/bars/types";
import type { SourceSink, Timers, TickSource } from "../tickSource";
import type { UpstreamAdapter, UpstreamTrade } from "./adapter";
import { createHistory } from "./history/backfill";
import { RelayBackfill } from "./relayBackfill";
import { SendWindow } from "./sendWindow";
import { SymbolMap } from "./symbolMap";

export interface ExchangeRelayOptions {
  adapter: UpstreamAdapter;
  /** Upstream URL without credentials. */
  url: string;
  token?: string;
  /** Symbols offered locally. */
  symbols: readonly string[];
  /** FEED_SYMBOL_MAP overrides. */
  symbolMap?: ReadonlyMap<string, string>;
  /** FEED_UPSTREAM_SYMBOLS: subscribed upstream always, whatever local demand. */
  pinned?: readonly string[];
  /** How long a symbol nobody watches stays subscribed upstream. */
  lingerMs: number;
  /** A watched symbol with no trade for this long is reported stale. */
  staleAfterMs: number;
  /** An upstream silent (no frame, no ping) for this long is considered dead and reconnected. */
  upstreamTimeoutMs: number;
  now: () => number;
  random: () => number;
  timers: Timers;
  backoff?: { baseMs: number; maxMs: number };
  /**
   * Backfill from the provider's REST history on a symbol's first demand (FEED_UPSTREAM_HISTORY*):
   * base URL (default: the provider's public API), timeout per request, bars wanted per interval.
   */
  history?: { baseUrl?: string; timeoutMs: number; limits: Readonly<Record<Interval, number>> };
}

export class ExchangeRelaySource implements TickSource {
  readonly kind: string;
  readonly opens: ReadonlyMap<string, number | undefined>;
  private readonly map: SymbolMap;
  private readonly pinned: ReadonlySet<string>;
  private sink: SourceSink | undefined;
  private socket: WebSocket | undefined;
  private connected = false;
  private attempt = 0;
  private reconnects = 0;
  private lastMessageAt: number | undefined;
  private readonly wanted = new Set<string>();
  private readonly subscribed = new Set<string>();
  private readonly lingers = new Map<string, unknown>();
  private readonly seqs = new Map<string, number>();
  private readonly lastIds = new Map<string, number>();
  private readonly activeSince = new Map<string, number>();
  private readonly stale = new Set<string>();
  private readonly window: SendWindow;
  private readonly backfill: RelayBackfill | undefined;
  private reconnectTimer: unknown;
  private watchdogTimer: unknown;
  private keepaliveTimer: unknown;

  constructor(private readonly o: ExchangeRelayOptions) {
    this.kind = `relay:${o.adapter.name}`;
    this.opens = new Map(o.symbols.map((s) => [s, undefined]));
    this.map = new SymbolMap(o.adapter, o.symbols, o.symbolMap ?? new Map());
    this.pinned = new Set(o.pinned ?? []);
    this.window = new SendWindow(o.adapter.maxFramesPerSecond, o.now, o.timers, (frame) => this.socket?.send(frame));
    const h = o.history;
    if (h) {
      const history = createHistory({ relay: o.adapter.name, symbols: this.map, baseUrl: h.baseUrl, token: o.token, timeoutMs: h.timeoutMs, now: o.now });
      this.backfill = new RelayBackfill({ history, limits: h.limits, now: o.now });
    }
  }

  get running(): boolean {
    return this.sink !== undefined;
  }

  start(sink: SourceSink): void {
    this.sink = sink;
    for (const s of this.pinned) this.wanted.add(s);
    for (const s of this.o.symbols) this.markStale(s, "upstream not connected yet");
    for (const s of this.pinned) this.fillHistory(s); // pinned symbols are in demand from the start
    this.connect();
    this.watchdog();
  }

  stop(): void {
    this.sink = undefined;
    for (const t of [this.reconnectTimer, this.watchdogTimer, this.keepaliveTimer, ...this.lingers.values()]) {
      if (t !== undefined) this.o.timers.clearTimeout(t);
    }
    this.lingers.clear();
    this.window.clear();
    this.socket?.removeAllListeners();
    this.socket?.on("error", () => {});
    this.socket?.terminate();
    this.socket = undefined;
    this.connected = false;
  }

  demand(symbol: string, watched: boolean): void {
    if (this.pinned.has(symbol) || !this.sink) return;
    const linger = this.lingers.get(symbol);
    if (linger !== undefined) this.o.timers.clearTimeout(linger);
    this.lingers.delete(symbol);
    if (watched) {
      if (this.wanted.has(symbol)) return;
      this.wanted.add(symbol);
      this.activeSince.set(symbol, this.o.now());
      this.sync();
      this.fillHistory(symbol);
      return;
    }
    this.lingers.set(
      symbol,
      this.o.timers.setTimeout(() => {
        this.lingers.delete(symbol);
        this.wanted.delete(symbol);
        this.sync();
      }, this.o.lingerMs),
    );
  }

  health(): Record<string, unknown> {
    return {
      upstream: {
        adapter: this.o.adapter.name,
        url: this.o.url,
        state: this.connected ? "connected" : "disconnected",
        lastMessageAt: this.lastMessageAt ?? null,
        reconnects: this.reconnects,
        subscribed: [...this.subscribed].sort(),
        stale: [...this.stale].sort(),
        pendingFrames: this.window.pending,
      },
    };
  }

  /** Starts a symbol's history backfill in the background (once per symbol and interval that worked). */
  private fillHistory(symbol: string): void {
    void this.backfill?.fill(symbol, () => this.sink);
  }

  /** Brings the upstream subscriptions in line with `wanted`, through the rate-limited window. */
  private sync(): void {
    if (!this.connected) return;
    const add = [...this.wanted].filter((s) => !this.subscribed.has(s));
    const drop = [...this.subscribed].filter((s) => !this.wanted.has(s));
    const up = (list: string[]) => list.map((s) => this.map.upstream(s)).filter((u): u is string => u !== undefined);
    if (drop.length > 0) {
      for (const s of drop) this.subscribed.delete(s);
      this.window.push(this.o.adapter.unsubscribeFrames(up(drop)));
    }
    if (add.length > 0) {
      for (const s of add) {
        this.subscribed.add(s);
        this.activeSince.set(s, this.o.now());
      }
      this.window.push(this.o.adapter.subscribeFrames(up(add)));
    }
  }

  private connect(): void {
    if (!this.sink) return;
    const socket = new WebSocket(this.o.adapter.connectUrl(this.o.url, this.o.token), { handshakeTimeout: 10_000 });
    this.socket = socket;
    socket.on("open", () => {
      this.connected = true;
      this.attempt = 0;
      this.lastMessageAt = this.o.now();
      this.subscribed.clear();
      for (const s of this.o.symbols) this.markLive(s);
      this.sync();
      this.keepalive();
    });
    socket.on("message", (data, isBinary) => {
      this.lastMessageAt = this.o.now();
      if (isBinary) return this.skip("malformed", "binary frame");
      this.onFrame(data.toString());
    });
    socket.on("ping", () => {
      this.lastMessageAt = this.o.now();
    });
    socket.on("error", () => {
      // The close event follows; it is the one place that handles a lost upstream.
    });
    socket.on("close", (code, reason) => this.onClose(socket, code, reason.toString()));
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket || !this.sink) return;
    this.connected = false;
    this.socket = undefined;
    this.window.clear();
    this.subscribed.clear();
    if (this.keepaliveTimer !== undefined) this.o.timers.clearTimeout(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
    for (const s of this.o.symbols) this.markStale(s, "upstream disconnected");
    const delay = fullJitterDelay(this.attempt++, this.o.backoff ?? { baseMs: 500, maxMs: 30_000 }, this.o.random);
    this.reconnects++;
    this.sink.report("upstream_disconnect", `code ${code} ${reason.slice(0, 60)}; retry in ${Math.round(delay)} ms`, "warn");
    this.reconnectTimer = this.o.timers.setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delay);
  }

  private onFrame(text: string): void {
    const event = this.o.adapter.parse(text);
    switch (event.kind) {
      case "trades":
        for (const t of event.trades) this.onTrade(t);
        return;
      case "alive":
        return;
      case "upstreamError":
        return this.skip("upstream_error", event.message);
      case "unexpected":
        return this.skip("unexpected", event.type);
      case "malformed":
        return this.skip("malformed", event.reason);
      default: {
        const never: never = event;
        throw new Error(`unhandled upstream event ${JSON.stringify(never)}`);
      }
    }
  }

  private onTrade(t: UpstreamTrade): void {
    const sink = this.sink;
    const symbol = this.map.local(t.upstream);
    if (!sink) return;
    if (symbol === undefined) return this.skip("unmapped", t.upstream.slice(0, 40));
    if (t.id !== undefined) {
      const last = this.lastIds.get(symbol);
      // Live-only upstreams cannot replay; a hole in their trade ids is counted, not hidden.
      if (last !== undefined && t.id > last + 1) this.skip("upstream_gap", `${symbol}: trade ids ${last} → ${t.id}`);
      if (last !== undefined && t.id <= last) return this.skip("upstream_duplicate", `${symbol}: trade id ${t.id}`);
      this.lastIds.set(symbol, t.id);
    }
    const seq = (this.seqs.get(symbol) ?? 0) + 1;
    this.seqs.set(symbol, seq);
    this.activeSince.set(symbol, this.o.now());
    this.markLive(symbol);
    sink.tick({ symbol, seq, price: t.price, size: t.size, ts: Math.round(t.ts) });
  }

  /** Once a second: a silent upstream is reconnected, a quiet watched symbol is reported stale. */
  private watchdog(): void {
    this.watchdogTimer = this.o.timers.setTimeout(() => {
      const now = this.o.now();
      if (this.connected && this.lastMessageAt !== undefined && now - this.lastMessageAt > this.o.upstreamTimeoutMs) {
        this.socket?.terminate();
      }
      if (this.connected) {
        for (const s of this.subscribed) {
          const since = this.activeSince.get(s) ?? now;
          if (now - since > this.o.staleAfterMs) this.markStale(s, `no trades for ${Math.round(this.o.staleAfterMs / 1000)} s`);
        }
      }
      this.watchdog();
    }, 1000);
  }

  private keepalive(): void {
    const k = this.o.adapter.keepalive;
    if (!k) return;
    this.keepaliveTimer = this.o.timers.setTimeout(() => {
      this.window.push([k.frame]);
      this.keepalive();
    }, k.intervalMs);
  }

  private markStale(symbol: string, reason: string): void {
    this.stale.add(symbol);
    this.sink?.status(symbol, "stale", reason);
  }

  private markLive(symbol: string): void {
    if (!this.stale.delete(symbol)) return;
    this.sink?.status(symbol, "live");
  }

  private skip(kind: string, detail: string): void {
    this.sink?.report(kind, detail);
  }
}
