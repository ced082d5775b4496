/**
 * JSON for bars, built from templates once per publish (never once per client). Numbers are
 * finite and symbols match SYMBOL_PATTERN, so plain templates are valid JSON.
 */
import type { Bar, DayStats, Interval, MarketState } from "../../lib/bars/types";

export function barJson(b: Bar): string {
  return `{"t":${b.t},"o":${b.o},"h":${b.h},"l":${b.l},"c":${b.c},"v":${b.v},"n":${b.n}}`;
}

export function barFrame(symbol: string, interval: Interval, bar: Bar, closed: boolean, seq: number): string {
  return `{"type":"bar","symbol":"${symbol}","interval":"${interval}","bar":${barJson(bar)},"closed":${closed},"seq":${seq}}`;
}

/** `,"prevClose":..,"dayOpen":..,...,"market":".."`: the session fields appended to snapshots. */
export function sessionFragment(stats: DayStats, market: MarketState): string {
  const n = (v: number | null) => (v === null ? "null" : String(v));
  return (
    `,"prevClose":${n(stats.prevClose)},"dayOpen":${n(stats.dayOpen)},"high":${n(stats.high)},"low":${n(stats.low)}` +
    `,"volume":${stats.volume},"change":${n(stats.change)},"changePct":${n(stats.changePct)},"market":"${market}"`
  );
}

/** The uWS topic of a bar subscription; `@` never occurs in a symbol, so topics cannot collide. */
export function barTopic(symbol: string, interval: Interval): string {
  return `${symbol}@${interval}`;
}
