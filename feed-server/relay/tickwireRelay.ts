/**
 * Chains this feed server behind another tickwire feed server (protocol v1). It keeps the
 * upstream's seqs and epoch, so a client can resume across the chain, and it rides on the same
 * feed client the dashboard uses: reconnect with backoff, resume with since, gap resync.
 *
 * Access control (upstreamAccess.ts): an Origin header, and a token that is static or fetched
 * fresh before each connect. A refusal (403 at the upgrade, 4401 before the welcome, 401/403
 * from the token URL) is not a dropped connection: retrying in seconds cannot fix it, so the
 * relay stops its client and tries again after `refusedBackoffMs` (doubling, up to ten times
 * that), logs the upstream's reason and shows it in /health until a welcome arrives.
 */
import { createFeedClient } from "../../lib/feedClient";
import type { FullFeedClient } from "../../lib/feedClient/types";
import type { SourceSink, Timers, TickSource } from "../tickSource";
import { fetchToken, type Refusal, TokenRefusedError, upstreamSocket } from "./upstreamAccess";

export interface TickwireRelayOptions {
  /** ws://host:port/ws of the upstream feed server (several, comma-separated, rotate on failure). */
  urls: string[];
  /** Optional token appended as ?token= (when the upstream requires one). */
  token?: string;
  /** URL answering `{"token":...}`, fetched before each connect instead of a static token. */
  tokenUrl?: string;
  /** Origin header sent to the upstream (and to the token URL). */
  origin?: string;
  /** First wait after a refusal. Default 30 000 ms; doubles per refusal in a row, up to 10x. */
  refusedBackoffMs?: number;
  /** For the token URL; default the global fetch. */
  fetch?: typeof fetch;
  /** Symbols to offer before the upstream's welcome lists its own. */
  symbols?: readonly string[];
  pinned?: readonly string[];
  lingerMs: number;
  now: () => number;
  random: () => number;
  timers: Timers;
}

const DEFAULT_REFUSED_BACKOFF_MS = 30_000;

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
  /** Set by the socket or the token fetch when the upstream refused this attempt. */
  private pendingRefusal: Refusal | undefined;
  private welcomedThisConnection = false;
  private refusals = 0;
  private refused: (Refusal & { at: number; retryAt: number }) | undefined;
  private restartTimer: unknown;

  constructor(private readonly o: TickwireRelayOptions) {
    this.opens = new Map((o.symbols ?? []).map((s) => [s, undefined]));
  }

  get running(): boolean {
    return this.sink !== undefined;
  }

  start(sink: SourceSink): void {
    this.sink = sink;
    const { o } = this;
    const withToken = (url: string, token: string | null | undefined) =>
      token ? `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}` : url;
    const resolveUrl = o.tokenUrl
      ? (url: string) =>
          fetchToken(o.tokenUrl!, o.origin, o.fetch).then(
            (token) => withToken(url, token),
            (err: unknown) => {
              if (err instanceof TokenRefusedError) this.pendingRefusal = err.refusal;
              else sink.report("upstream_error", `token URL ${o.tokenUrl}: ${(err as Error).message}`, "warn");
              throw err;
            },
          )
      : o.token
        ? (url: string) => withToken(url, o.token)
        : undefined;
    const client = createFeedClient({
      urls: o.urls,
      resolveUrl,
      WebSocket: upstreamSocket(o.origin, (refusal) => (this.pendingRefusal = refusal)),
      now: o.now,
      random: o.random,
      setTimeout: (fn, ms) => o.timers.setTimeout(fn, ms),
      clearTimeout: (h) => o.timers.clearTimeout(h),
    });
    this.client = client;
    const seen = () => (this.lastMessageAt = o.now());

    client.on("welcome", (w) => {
      seen();
      this.welcomedThisConnection = true;
      this.refusals = 0;
      this.refused = undefined;
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
      // 4401 before any welcome: the token was refused at open. 4401 later: it expired in session,
      // and the next attempt (with a fresh token from the token URL) is the normal way on.
      const refusal = this.pendingRefusal ?? (d.code === 4401 && !this.welcomedThisConnection ? { code: d.code, reason: d.reason } : undefined);
      this.pendingRefusal = undefined;
      this.welcomedThisConnection = false;
      if (!d.reconnect) return; // stopped: by stop(), or by the refusal path below
      if (refusal) return this.onRefused(refusal);
      sink.report("upstream_disconnect", `code ${d.code} ${d.reason}`, "warn");
      for (const s of this.releases.keys()) sink.status(s, "stale", "upstream disconnected");
    });
    for (const s of o.pinned ?? []) this.releases.set(s, client.watch(s));
    client.start();
  }

  stop(): void {
    if (this.restartTimer !== undefined) this.o.timers.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
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

  /** The upstream said no: wait long, say why, and show it until a welcome clears it. */
  private onRefused(refusal: Refusal): void {
    const { client, sink, o } = this;
    if (!client || !sink) return;
    this.refusals += 1;
    const base = o.refusedBackoffMs ?? DEFAULT_REFUSED_BACKOFF_MS;
    // Doubling with "equal jitter" (half fixed, half random): never retried sooner than half the step.
    const step = Math.min(base * 10, base * 2 ** (this.refusals - 1));
    const delay = Math.round(step / 2 + (step / 2) * o.random());
    const at = o.now();
    this.refused = { ...refusal, at, retryAt: at + delay };
    sink.report("upstream_refused", `${refusal.code} ${refusal.reason}; retrying in ${Math.round(delay / 1000)} s`, "warn");
    for (const s of this.releases.keys()) sink.status(s, "stale", `upstream refused: ${refusal.code} ${refusal.reason}`);
    client.stop();
    this.restartTimer = o.timers.setTimeout(() => {
      this.restartTimer = undefined;
      if (this.client === client) client.start();
    }, delay);
  }

  health(): Record<string, unknown> {
    const refused = this.refused;
    return {
      upstream: {
        adapter: "tickwire",
        urls: this.o.urls,
        origin: this.o.origin ?? null,
        token: this.o.tokenUrl ? "url" : this.o.token ? "static" : "none",
        refused: refused
          ? { code: refused.code, reason: refused.reason, at: refused.at, retryInMs: Math.max(0, refused.retryAt - this.o.now()) }
          : null,
        state: this.client?.state ?? "offline",
        epoch: this.upstreamEpoch ?? null,
        lastMessageAt: this.lastMessageAt ?? null,
        reconnects: Math.max(0, (this.client?.stats.connections ?? 0) - 1),
        subscribed: [...this.releases.keys()].sort(),
      },
    };
  }
}
