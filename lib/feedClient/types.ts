/**
 * Public surface of the browser/Node feed client (protocol v1). The implementation lives in
 * feedClient.ts; UI code depends only on these types.
 */
import type { Interval } from "../bars/types";
import type { BarMessage, ErrorMessage, SnapshotMessage, StatusMessage, TickMessage, WelcomeMessage } from "../protocol";

export type FeedState = "connecting" | "live" | "reconnecting" | "offline";

/**
 * An event-handler property type checked bivariantly (the method-syntax trick React's types use).
 * The DOM WebSocket types its handlers as `(ev: CloseEvent) => any` and the `ws` package as
 * `(event: WebSocket.CloseEvent) => void`; with plain function types neither constructor was
 * assignable to `WebSocketCtor`, so callers would have needed a cast.
 */
type SocketHandler<E> = { bivarianceHack(ev: E): void }["bivarianceHack"];

/** The subset of the DOM WebSocket the client uses, so tests can inject a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: SocketHandler<unknown> | null;
  onclose: SocketHandler<{ code: number; reason: string }> | null;
  onerror: SocketHandler<unknown> | null;
  onmessage: SocketHandler<{ data: unknown }> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketCtor = new (url: string) => WebSocketLike;

export interface FeedClientOptions {
  /** Feed URLs (ws:// or wss://, path /ws); the client rotates through them on reconnect. */
  urls: string[];
  /** Returns a URL to use for the next attempt, e.g. with a fixed `?token=`; defaults to the URL itself. Not with `getToken`. */
  resolveUrl?: (url: string) => string | Promise<string>;
  /**
   * Fetches a feed token (a JWT) that allows `symbols`, every symbol watched at the time; null
   * when the feed needs none. Called before each connect (the token goes on the URL as
   * `?token=`), at 80% of the token's lifetime to renew it with the `auth` op, and when a newly
   * watched symbol is outside the token's `symbols` claim, which is then subscribed right after
   * the wider token. The client reads `iat`, `exp` and `symbols` from the token's payload
   * without verifying it. Not with `resolveUrl`.
   */
  getToken?: (symbols: readonly string[]) => Promise<string | null>;
  /** Socket constructor; defaults to `globalThis.WebSocket` (in Node 20 pass the `ws` package's). */
  WebSocket?: WebSocketCtor;
  /** Monotonic clock in ms, used for ping round trips; defaults to `performance.now`. */
  now?: () => number;
  /** Uniform in [0, 1), used for backoff jitter; defaults to `Math.random`. */
  random?: () => number;
  /** Timer functions for backoff, pings and timeouts; default to the global ones. */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /**
   * Runs `fn` once the current task is done; the watch() and release calls made until then go
   * out as one subscribe and one unsubscribe frame. Defaults to `queueMicrotask`.
   */
  defer?: (fn: () => void) => void;
  /** Interval between app-level pings while live. Default 5000 ms. */
  pingIntervalMs?: number;
  /** A pong later than this forces a reconnect. Default 4000 ms. */
  pongTimeoutMs?: number;
  /**
   * Full-jitter backoff: the wait before retry n is uniform in [0, min(backoffMaxMs,
   * backoffBaseMs * 2^n)] (see backoff.ts). Defaults 250 ms and 10 000 ms.
   */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /**
   * From the start of an attempt (including `resolveUrl`) until the welcome frame; a socket that
   * hangs while opening is given up and retried. Default 10 000 ms.
   */
  handshakeTimeoutMs?: number;
}

export interface FeedClientEvents {
  state: FeedState;
  welcome: WelcomeMessage;
  /** A snapshot for a watched symbol; `resumed: false` means replace that symbol's history. */
  snapshot: SnapshotMessage;
  /** A live tick, delivered only when contiguous with what the client already has. */
  tick: TickMessage;
  /** An error frame from the server (UNKNOWN_SYMBOL, LIMIT_EXCEEDED, ...). */
  serverError: ErrorMessage;
  /** Round-trip time of the last ping, in ms. */
  latency: number;
  /** A watched symbol's source went stale or live again (protocol `status` frame). */
  status: StatusMessage;
  /** A bar of a symbol watched with `{ bars }` (conflated: the open bar as it grows, then closed). */
  bar: BarMessage;
}

export interface WatchOptions {
  /**
   * Watch the conflated bars of this interval instead of every tick: a snapshot with recent bars
   * and the day's stats, then `bar` events at most every FEED_BAR_UPDATE_MS. When the same symbol
   * is also watched for ticks, ticks win (the bar watcher then sees ticks and snapshots only).
   */
  bars?: Interval;
}

export interface FeedDisconnect {
  /** A close code from the server, or one of `ClientDisconnects` (disconnects.ts) for local causes. */
  code: number;
  reason: string;
  /** True when a reconnect is scheduled; false after stop() or an unrecoverable local failure. */
  reconnect: boolean;
}

/** Counters of frames the client dropped on purpose; they never throw, so these make them visible. */
export interface FeedClientStats {
  /** Frames that were not valid JSON or not a valid server message. */
  malformedFrames: number;
  /** Ticks with a seq the client already had. */
  duplicateTicks: number;
  /** Ticks that skipped a seq, each of which triggered a resync subscribe. */
  gaps: number;
  /** Ticks for symbols not watched or still waiting for their snapshot. */
  ignoredTicks: number;
  /** Snapshots marked `resumed: true` that did not continue the client's history, passed on as `resumed: false`. */
  downgradedSnapshots: number;
  /** Welcomes received, i.e. connections that became live. */
  connections: number;
}

export type FeedClientListener<K extends keyof FeedClientEvents> = (value: FeedClientEvents[K]) => void;

export interface FeedClient {
  readonly state: FeedState;
  /** Last measured round-trip latency in ms, or null before the first pong. */
  readonly latencyMs: number | null;
  /** Symbols the server offers (from welcome), empty before the first welcome. */
  readonly serverSymbols: readonly string[];
  start(): void;
  /** Closes the socket and stops reconnecting; state becomes "offline". */
  stop(): void;
  /** Reference-counted subscription; call the returned function to release it. */
  watch(symbol: string, options?: WatchOptions): () => void;
  on<K extends keyof FeedClientEvents>(event: K, listener: FeedClientListener<K>): () => void;
}

/**
 * Events the client emits beyond `FeedClientEvents`. They live in their own map because adding
 * keys to `FeedClientEvents` breaks code that maps over all of its keys (lib/store's fake feed).
 */
export interface FeedClientExtraEvents {
  /** Every disconnect, before the state changes. */
  disconnect: FeedDisconnect;
}

/**
 * What `createFeedClient` returns: the `FeedClient` surface, plus `on()` for the extra events
 * and diagnostics counters. Code typed against `FeedClient` keeps working unchanged.
 */
export interface FullFeedClient extends FeedClient {
  readonly stats: Readonly<FeedClientStats>;
  on<K extends keyof FeedClientEvents>(event: K, listener: FeedClientListener<K>): () => void;
  on<K extends keyof FeedClientExtraEvents>(event: K, listener: (value: FeedClientExtraEvents[K]) => void): () => void;
}
