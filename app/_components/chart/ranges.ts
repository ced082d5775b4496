/**
 * Chart ranges as a broker's chart offers them, and how each is fetched from `/bars`: one
 * request per (interval, limit), so 6M and 1Y share one answer and a range switch refetches only
 * what the page does not hold. Each range is cut from the newest bar backwards, so a weekend or a
 * closed market shows the last session instead of an empty chart.
 */
import { barStart } from "../../../lib/bars/align";
import type { Bar, Interval, SymbolKind } from "../../../lib/bars/types";

export const RANGE_NAMES = ["1D", "5D", "1M", "6M", "1Y"] as const;
export type RangeName = (typeof RANGE_NAMES)[number];

export interface RangeSpec {
  interval: Interval;
  /** Newest bars asked for: enough for the range on a market that trades 24 hours a day. */
  limit: number;
  /** The range's bars out of the fetched ones (oldest first). */
  keep(bars: readonly Bar[], kind: SymbolKind): Bar[];
}

const DAY_MS = 86_400_000;

/**
 * Bars of the newest `days` trading days. Walks back from the newest bar and asks for a trading
 * day's start (Intl, not free) only when a bar falls before the current day: `days` times, not
 * once per bar, since charts re-cut their range several times a second.
 */
function lastTradingDays(days: number) {
  return (bars: readonly Bar[], kind: SymbolKind): Bar[] => {
    let i = bars.length;
    if (i === 0) return [];
    let seen = 1;
    let dayStart = barStart("1d", bars[i - 1]!.t, kind);
    while (i > 0) {
      const t = bars[i - 1]!.t;
      if (t < dayStart) {
        if (seen === days) break;
        seen += 1;
        dayStart = barStart("1d", t, kind);
      }
      i -= 1;
    }
    return bars.slice(i);
  };
}

/** Bars within `ms` before the newest bar's start. */
function lastSpan(ms: number) {
  return (bars: readonly Bar[]): Bar[] => {
    const newest = bars.at(-1)?.t;
    if (newest === undefined) return [];
    const from = newest - ms;
    return bars.filter((b) => b.t > from);
  };
}

export const RANGES: Readonly<Record<RangeName, RangeSpec>> = {
  "1D": { interval: "1m", limit: 1_440, keep: lastTradingDays(1) },
  "5D": { interval: "5m", limit: 1_440, keep: lastTradingDays(5) },
  "1M": { interval: "1h", limit: 744, keep: lastSpan(30 * DAY_MS) },
  "6M": { interval: "1d", limit: 400, keep: lastSpan(182 * DAY_MS) },
  "1Y": { interval: "1d", limit: 400, keep: lastSpan(365 * DAY_MS) },
};

export function isRangeName(value: unknown): value is RangeName {
  return typeof value === "string" && (RANGE_NAMES as readonly string[]).includes(value);
}

/**
 * Fetched bars extended by live ones (oldest first both). Live bars before the newest fetched
 * bar are already in it; a live bar of the same start continues it (the live side may have seen
 * only the ticks since the page's snapshot, so volume takes the larger of the two); newer live
 * bars are appended. The result is a new array; the inputs are not touched.
 */
export function mergeLive(history: readonly Bar[], live: readonly Bar[]): Bar[] {
  const out = history.slice();
  const lastT = out.at(-1)?.t ?? -Infinity;
  for (const bar of live) {
    if (bar.t < lastT) continue;
    const tail = out.at(-1);
    if (tail && tail.t === bar.t) {
      out[out.length - 1] = {
        t: bar.t,
        o: tail.o,
        h: Math.max(tail.h, bar.h),
        l: Math.min(tail.l, bar.l),
        c: bar.c,
        v: Math.max(tail.v, bar.v),
        n: Math.max(tail.n, bar.n),
      };
    } else {
      out.push(bar);
    }
  }
  return out;
}
