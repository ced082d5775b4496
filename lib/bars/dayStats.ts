/** A symbol's day against the previous trading day's close: what a quote shows first. */
import type { Bar, DayStats } from "./types";

/** Rounds away float noise (0.1 + 0.2) without touching real digits of any tick size we use. */
function clean(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/**
 * Day stats from the previous day's close and today's daily bar (undefined before the first
 * trade of the day, when the stats show the previous close and nothing else).
 */
export function dayStats(prevClose: number | null, today: Bar | undefined): DayStats {
  if (!today) return { prevClose, dayOpen: null, high: null, low: null, volume: 0, change: null, changePct: null };
  const change = prevClose === null ? null : clean(today.c - prevClose, 8);
  const changePct = prevClose === null || prevClose === 0 ? null : clean(((today.c - prevClose) / prevClose) * 100, 4);
  return { prevClose, dayOpen: today.o, high: today.h, low: today.l, volume: clean(today.v, 8), change, changePct };
}
