/**
 * Turns a symbol's tick history into a bounded chart series: the chosen time window, ending at
 * the newest tick, cut into at most `buckets` slots holding the slot's close and summed volume.
 * Charts therefore draw a bounded number of points however fast the feed ticks.
 */
import type { TickPoint } from "../../../lib/protocol";

export const CHART_WINDOWS = { "1m": 60_000, "5m": 300_000, "15m": 900_000 } as const;
export type ChartWindow = keyof typeof CHART_WINDOWS;
export const CHART_WINDOW_NAMES = Object.keys(CHART_WINDOWS) as ChartWindow[];

export interface ChartPoint {
  /** Time of the slot's last trade, ms since the epoch. */
  t: number;
  /** Close price of the slot. */
  price: number;
  /** Sum of trade sizes in the slot. */
  volume: number;
}

/**
 * The series to chart for a window: raw ticks when they reach back as far as the data we have
 * for that window, else the one-second bars (which cover 15 minutes however fast ticks come).
 */
export function seriesFor(history: readonly TickPoint[], bars: readonly TickPoint[], windowMs: number): readonly TickPoint[] {
  const oldest = history[0];
  const newest = history[history.length - 1];
  const firstBar = bars[0];
  if (oldest === undefined || newest === undefined || firstBar === undefined) return history;
  return oldest.ts <= Math.max(newest.ts - windowMs, firstBar.ts) ? history : bars;
}

export function bucketize(history: readonly TickPoint[], windowMs: number, buckets: number): ChartPoint[] {
  const newest = history[history.length - 1];
  if (newest === undefined || buckets < 1) return [];
  const end = newest.ts;
  const start = end - windowMs;
  const width = windowMs / buckets;

  // History is oldest first; walk back to the first point inside the window.
  let first = history.length - 1;
  while (first > 0 && history[first - 1]!.ts > start) first -= 1;

  const out: ChartPoint[] = [];
  let slot = -1;
  for (let i = first; i < history.length; i++) {
    const p = history[i]!;
    const s = Math.min(buckets - 1, Math.max(0, Math.floor((p.ts - start) / width)));
    const current = out[out.length - 1];
    if (s === slot && current !== undefined) {
      current.t = p.ts;
      current.price = p.price;
      current.volume += p.size;
    } else {
      slot = s;
      out.push({ t: p.ts, price: p.price, volume: p.size });
    }
  }
  return out;
}
