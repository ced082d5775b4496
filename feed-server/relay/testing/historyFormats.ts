/**
 * Candles in each provider's REST format, for the fake upstream: the history fetchers' tests and
 * the relay contract (backfill through a real server) answer with these.
 */
import type { Bar, Interval } from "../../../lib/bars/types";

export interface HistoryFormat {
  /** The REST path asked for the contract's first symbol. */
  path: string;
  /** The provider's body carrying these bars (given oldest first). */
  body(bars: Bar[]): unknown;
  /** The interval a request asks for. */
  intervalOf(url: URL): Interval | undefined;
  /** Whether the provider reports trade counts (Binance); otherwise bars come back with n = 0. */
  tradeCounts: boolean;
}

const byValue = <K extends string>(table: Record<K, Interval>, key: string | null): Interval | undefined =>
  key !== null && key in table ? table[key as K] : undefined;

/** Binance /api/v3/klines: oldest first, decimal strings, trade count at index 8. */
export const binanceKlines = (bars: Bar[]) =>
  bars.map((b) => [b.t, String(b.o), String(b.h), String(b.l), String(b.c), String(b.v), b.t + 59_999, "123.4", b.n, "1.0", "2.0", "0"]);

/** Coinbase candles: newest first, seconds, and [time, low, high, open, close, volume]. */
export const coinbaseCandles = (bars: Bar[]) => [...bars].reverse().map((b) => [b.t / 1000, b.l, b.h, b.o, b.c, b.v]);

/** Finnhub candles: columns, seconds. */
export const finnhubColumns = (bars: Bar[]) => ({
  s: "ok",
  t: bars.map((b) => b.t / 1000),
  o: bars.map((b) => b.o),
  h: bars.map((b) => b.h),
  l: bars.map((b) => b.l),
  c: bars.map((b) => b.c),
  v: bars.map((b) => b.v),
});

export const BINANCE_HISTORY: HistoryFormat = {
  path: "/api/v3/klines",
  body: binanceKlines,
  intervalOf: (url) => byValue({ "1s": "1s", "1m": "1m", "5m": "5m", "15m": "15m", "1h": "1h", "1d": "1d" }, url.searchParams.get("interval")),
  tradeCounts: true,
};

export const coinbaseHistory = (product: string): HistoryFormat => ({
  path: `/products/${product}/candles`,
  body: coinbaseCandles,
  intervalOf: (url) => byValue({ "60": "1m", "300": "5m", "900": "15m", "3600": "1h", "86400": "1d" }, url.searchParams.get("granularity")),
  tradeCounts: false,
});

export const FINNHUB_STOCK_HISTORY: HistoryFormat = {
  path: "/api/v1/stock/candle",
  body: finnhubColumns,
  intervalOf: (url) => byValue({ "1": "1m", "5": "5m", "15": "15m", "60": "1h", D: "1d" }, url.searchParams.get("resolution")),
  tradeCounts: false,
};
