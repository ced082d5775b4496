/**
 * An upstream market-data WebSocket, described by its wire format only: how to connect, how to
 * (un)subscribe, how to read a frame. The relay (exchangeRelay.ts) does everything else.
 */

export interface UpstreamTrade {
  /** The upstream's name for the instrument (AAPL, BTCUSDT, BTC-USD, BINANCE:BTCUSDT). */
  upstream: string;
  price: number;
  size: number;
  ts: number;
  /** Upstream trade id, when it numbers trades per instrument (used to count upstream gaps). */
  id?: number;
}

export type UpstreamEvent =
  | { kind: "trades"; trades: UpstreamTrade[] }
  /** Keepalives and acknowledgements: proof the upstream is alive, nothing to relay. */
  | { kind: "alive" }
  /** The upstream reported an error (bad symbol, bad token...). */
  | { kind: "upstreamError"; message: string }
  /** A well-formed message of a type the relay does not use. */
  | { kind: "unexpected"; type: string }
  | { kind: "malformed"; reason: string };

export interface UpstreamAdapter {
  readonly name: "finnhub" | "binance" | "coinbase";
  /** Default upstream URL, as the provider documents it. */
  readonly defaultUrl: string;
  /** Symbols offered when FEED_SYMBOLS is not set. */
  readonly defaultSymbols: readonly string[];
  /** Whether FEED_UPSTREAM_TOKEN is required. */
  readonly needsToken: boolean;
  /** Frames we may send per second (the provider's limit). */
  readonly maxFramesPerSecond: number;
  /** A frame to send every `intervalMs` to keep the connection open, if the provider wants one. */
  readonly keepalive?: { intervalMs: number; frame: string };
  connectUrl(base: string, token: string | undefined): string;
  /** Default local → upstream name (BTC-USD → btcusdt@trade). */
  toUpstream(symbol: string): string;
  /** The upstream name trades carry for a subscription name (btcusdt@trade → BTCUSDT). */
  tradeKey(upstream: string): string;
  subscribeFrames(upstream: string[]): string[];
  unsubscribeFrames(upstream: string[]): string[];
  parse(text: string): UpstreamEvent;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Prices and sizes arrive as numbers (Finnhub) or decimal strings (Binance, Coinbase). */
export function toNumber(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Decodes a frame of the providers that tag every message with a string `type` (Finnhub, Coinbase). */
export function parseTyped(text: string): { ok: true; msg: Record<string, unknown> & { type: string } } | { ok: false; event: UpstreamEvent } {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, event: { kind: "malformed", reason: "not JSON" } };
  const msg = json.value;
  if (!isRecord(msg) || typeof msg.type !== "string") return { ok: false, event: { kind: "malformed", reason: "no type" } };
  return { ok: true, msg: msg as Record<string, unknown> & { type: string } };
}

/** Checks a trade's numbers; a trade that fails is dropped as malformed, never relayed. */
export function validTrade(t: UpstreamTrade): boolean {
  return t.upstream.length > 0 && t.price > 0 && t.size >= 0 && Number.isFinite(t.ts) && t.ts > 0;
}
