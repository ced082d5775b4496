/**
 * One-second bars: the long-range companion of the bounded tick history. 2 000 raw ticks cover
 * only minutes of a busy symbol, while 900 one-second bars always cover a 15-minute chart.
 * A bar has the TickPoint shape (ts = start of its second, price = close, size = summed volume,
 * seq = its last tick), so chart code takes either series.
 */
import type { TickPoint } from "../protocol";

export type SecondBar = TickPoint;

/** Bars kept per symbol by default: 15 minutes. */
export const DEFAULT_MAX_BARS = 15 * 60;

/**
 * Folds a tick into `bars` (a working copy owned by the caller). Published bars are never
 * changed in place: an updated bar is a new object. A tick stamped earlier than the newest bar
 * (clock skew upstream) is folded into that bar rather than reordering the series.
 */
export function addToBars(bars: SecondBar[], point: TickPoint): void {
  const second = Math.floor(point.ts / 1000) * 1000;
  const last = bars[bars.length - 1];
  if (last !== undefined && second <= last.ts) {
    bars[bars.length - 1] = { ts: last.ts, price: point.price, size: last.size + point.size, seq: point.seq };
  } else {
    bars.push({ ts: second, price: point.price, size: point.size, seq: point.seq });
  }
}
