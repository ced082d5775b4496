import type { FeedClientOptions, WebSocketCtor } from "./types";

/** Options with every default filled in; the client reads only this. */
export interface ResolvedOptions {
  urls: readonly string[];
  resolveUrl: ((url: string) => string | Promise<string>) | null;
  getToken: ((symbols: readonly string[]) => Promise<string | null>) | null;
  /** Null means "use globalThis.WebSocket at connect time" (see resolveWebSocket). */
  WebSocket: WebSocketCtor | null;
  now: () => number;
  random: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  defer: (fn: () => void) => void;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  handshakeTimeoutMs: number;
}

export const DEFAULTS = {
  pingIntervalMs: 5_000,
  pongTimeoutMs: 4_000,
  backoffBaseMs: 250,
  backoffMaxMs: 10_000,
  handshakeTimeoutMs: 10_000,
} as const;

/** Throws on options that can only be a programming error, so they fail at creation, not later. */
export function resolveOptions(options: FeedClientOptions): ResolvedOptions {
  if (!Array.isArray(options.urls) || options.urls.length === 0) {
    throw new Error("createFeedClient: options.urls must list at least one ws:// or wss:// URL");
  }
  if (options.resolveUrl && options.getToken) {
    throw new Error("createFeedClient: pass options.resolveUrl or options.getToken, not both (getToken sets the URL's token)");
  }
  return {
    urls: [...options.urls],
    resolveUrl: options.resolveUrl ?? null,
    getToken: options.getToken ?? null,
    WebSocket: options.WebSocket ?? null,
    now: options.now ?? defaultNow,
    random: options.random ?? Math.random,
    // Wrapped so the global functions are called unbound (browsers throw "Illegal invocation"
    // when window.setTimeout is called with another `this`).
    setTimeout: options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms)),
    clearTimeout:
      options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as Parameters<typeof clearTimeout>[0])),
    defer: options.defer ?? ((fn) => queueMicrotask(fn)),
    pingIntervalMs: duration(options.pingIntervalMs, DEFAULTS.pingIntervalMs, "pingIntervalMs"),
    pongTimeoutMs: duration(options.pongTimeoutMs, DEFAULTS.pongTimeoutMs, "pongTimeoutMs"),
    backoffBaseMs: duration(options.backoffBaseMs, DEFAULTS.backoffBaseMs, "backoffBaseMs"),
    backoffMaxMs: duration(options.backoffMaxMs, DEFAULTS.backoffMaxMs, "backoffMaxMs"),
    handshakeTimeoutMs: duration(options.handshakeTimeoutMs, DEFAULTS.handshakeTimeoutMs, "handshakeTimeoutMs"),
  };
}

/**
 * The constructor to use for the next attempt. Looked up lazily, not at creation, so a client
 * can be created during server-side rendering (Node 20 has no global WebSocket) and only
 * started in the browser.
 */
export function resolveWebSocket(options: ResolvedOptions): WebSocketCtor | null {
  if (options.WebSocket) return options.WebSocket;
  const global = (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
  return typeof global === "function" ? global : null;
}

/** Round trips want a monotonic clock: Date.now() jumps when the wall clock is adjusted. */
function defaultNow(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

function duration(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`createFeedClient: options.${name} must be a finite number >= 0, got ${value}`);
  }
  return value;
}
