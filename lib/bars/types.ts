/**
 * OHLCV bars: the shape shared by the feed server, the browser and tests. Aggregation, trading
 * days and retention live beside this file; every other module imports the types from here.
 */

/** Bar intervals, shortest first. `1d` follows the symbol's trading day (see tradingDay.ts). */
export const INTERVALS = ["1s", "1m", "5m", "15m", "1h", "1d"] as const;

export type Interval = (typeof INTERVALS)[number];

export function isInterval(value: unknown): value is Interval {
  return typeof value === "string" && (INTERVALS as readonly string[]).includes(value);
}

/** One bar. `t` is the bar's start in ms since the Unix epoch, aligned to its interval. */
export interface Bar {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  /** Volume: the sum of trade sizes. */
  v: number;
  /** Trade count. */
  n: number;
}

/** What a symbol is; it decides its trading day and market hours. */
export type SymbolKind = "stock" | "etf" | "crypto";

/** Whether a symbol's market is trading now (FEED_MARKET_HOURS). */
export type MarketState = "open" | "closed";

/**
 * A symbol's trading day so far, measured against the previous trading day's close. A value
 * is null while unknown: no previous day yet (a fresh relay), or no trade yet today.
 */
export interface DayStats {
  prevClose: number | null;
  dayOpen: number | null;
  high: number | null;
  low: number | null;
  volume: number;
  change: number | null;
  changePct: number | null;
}

/**
 * Bars from before a source's first live tick (a simulator's synthetic past, an upstream's
 * history). Oldest first per interval; a bar that ends after `asOf` is still open and the
 * next live tick continues it.
 */
export interface BarHistory {
  asOf: number;
  bars: Partial<Record<Interval, Bar[]>>;
}
