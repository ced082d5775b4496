/**
 * Chains this feed server behind another tickwire feed server (protocol v1). It keeps the
 * upstream's seqs and epoch, so a client can resume across the chain, and it rides on the same
 * feed client the dashboard uses: reconnect with backoff, resume with since, gap resync.
 */
import WebSocket from "ws";
import { createFeedClient } from "../../lib/feedClient";
import type { FullFeedClient } from "../../lib/feedClient/types";
import type { SourceSink, Timers, TickSource } from "../tickSource";

export interface TickwireRelayOptions {
  /** ws://host:port/ws of the upstream feed server (several, comma-separated, rotate on failure). */
  urls: string[];
  /** Optional token appended as ?token= (when the upstream requires one). */
  token?: string;
  /** Symbols to offer before the upstream's welcome lists its own. */
  symbols?: readonly string[];
  pinned?: readonly string[];
  lingerMs: number;
  now: () => number;
  random: () => number;
  timers: Timers;
}

export class TickwireRelaySource implements TickSource {
  readonly kind = "relay:tickwire";
  readonly opens: ReadonlyMap<string, number | undefined>;
  private client: FullFeedClient | undefined;
  private sink: SourceSink | undefined;
  private upstreamEpoch: string | undefined;
  private readonly lastSeq = new Map<string, number>();
  private readonly releases = new Map<string, () => void>();
  private readonly lingers = new Map<string, unknown>();
  private lastMessageAt: number | undefined;

  constructor(private readonly o: TickwireRelayOptions) {
    this.opens = new Map((o.symbols ?? []).map((s) => [s, undefined]));
  }

  get running(): boolean {
    return this.sink !== undefined;
  }

  start(sink: SourceSink): void {
    this.sink = sink;
    const { o } = this;
    const client = createFeedClient({
      urls: o.urls,
      resolveUrl: o.token ? (url) => `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(o.token!)}` : undefined,
      WebSocket,
      now: o.now,
      random: o.random,
      setTimeout: (fn, ms) => o.timers.setTimeout(fn, ms),
      clearTimeout: (h) => o.timers.clearTimeout(h),
    });
    this.client = client;
    const seen = () => (this.lastMessageAt = o.now());

    client.on("welcome", (w) => {
      seen();
      if (w.epoch !== this.upstreamEpoch) {
        this.upstreamEpoch = w.epoch;
        this.lastSeq.clear();
        sink.epoch(w.epoch);
      }
      for (const s of w.symbols) sink.addSymbol(s);
    });
    client.on("snapshot", (s) => {
      seen();
      sink.addSymbol(s.symbol, s.open);
      const last = this.lastSeq.get(s.symbol) ?? 0;
      const continues = s.resumed && (s.ticks[0]?.seq ?? s.seq + 1) === last + 1;
      if (continues) {
        for (const t of s.ticks) sink.tick({ symbol: s.symbol, seq: t.seq, price: t.price, size: t.size, ts: t.ts });
      } else if (!(s.seq === last && last > 0)) {
        sink.reset(s.symbol, s.open, s.ticks);
      }
      this.lastSeq.set(s.symbol, s.seq);
      sink.status(s.symbol, s.state ?? "live", s.reason);
    });
    client.on("tick", (t) => {
      seen();
      this.lastSeq.set(t.symbol, t.seq);
      sink.tick({ symbol: t.symbol, seq: t.seq, price: t.price, size: t.size, ts: t.ts });
    });
    client.on("status", (st) => {
      seen();
      sink.status(st.symbol, st.state, st.reason);
    });
    client.on("serverError", (e) => sink.report("upstream_error", `${e.code}: ${e.message}`));
    client.on("disconnect", (d) => {
      sink.report("upstream_disconnect", `code ${d.code} ${d.reason}`, "warn");
      for (const s of this.releases.keys()) sink.status(s, "stale", "upstream disconnected");
    });
    for (const s of o.pinned ?? []) this.releases.set(s, client.watch(s));
    client.start();
  }

  stop(): void {
    for (const t of this.lingers.values()) this.o.timers.clearTimeout(t);
    this.lingers.clear();
    this.client?.stop();
    this.client = undefined;
    this.sink = undefined;
    this.releases.clear();
  }

  demand(symbol: string, watched: boolean): void {
    const client = this.client;
    if (!client || this.o.pinned?.includes(symbol)) return;
    const linger = this.lingers.get(symbol);
    if (linger !== undefined) this.o.timers.clearTimeout(linger);
    this.lingers.delete(symbol);
    if (watched) {
      if (!this.releases.has(symbol)) this.releases.set(symbol, client.watch(symbol));
      return;
    }
    this.lingers.set(
      symbol,
      this.o.timers.setTimeout(() => {
        this.lingers.delete(symbol);
        this.releases.get(symbol)?.();
        this.releases.delete(symbol);
      }, this.o.lingerMs),
    );
  }

  health(): Record<string, unknown> {
    return {
      upstream: {
        adapter: "tickwire",
        urls: this.o.urls,
        state: this.client?.state ?? "offline",
        epoch: this.upstreamEpoch ?? null,
        lastMessageAt: this.lastMessageAt ?? null,
        reconnects: Math.max(0, (this.client?.stats.connections ?? 0) - 1),
        subscribed: [...this.releases.keys()].sort(),
      },
    };
  }
}
