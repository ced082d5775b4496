/**
 * Bar boundaries. Intraday intervals are aligned to the Unix epoch (so a 1h bar starts on the
 * UTC hour, which is also New York's hour); a 1d bar is the symbol's trading day.
 */
import { nextTradingDayStart, tradingDayStart } from "./tradingDay";
import type { Interval, SymbolKind } from "./types";

/** Length of the fixed intervals in ms; `1d` varies with DST and is computed per day. */
export const INTERVAL_MS: Readonly<Record<Exclude<Interval, "1d">, number>> = {
  "1s": 1_000,
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "1h": 3_600_000,
};

/** Start of the bar of `interval` that contains `ts`. */
export function barStart(interval: Interval, ts: number, kind: SymbolKind): number {
  if (interval === "1d") return tradingDayStart(ts, kind);
  const ms = INTERVAL_MS[interval];
  return Math.floor(ts / ms) * ms;
}

/** Start of the bar after the one starting at `start` (its exclusive end). */
export function barEnd(interval: Interval, start: number, kind: SymbolKind): number {
  if (interval === "1d") return nextTradingDayStart(start, kind);
  return start + INTERVAL_MS[interval];
}
