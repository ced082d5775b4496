/**
 * The write side shared by the persistent bar stores: bars appended since the last flush, kept per
 * series with the open bar coalesced (a bar written again as it grows replaces its pending copy),
 * plus the newest `t` of every series so an older bar is refused at `append`, not at write time.
 */
import type { Bar, Interval } from "../../lib/bars/types";
import type { BarRange } from "./barStore";

export interface SeriesKey {
  symbol: string;
  interval: Interval;
}

/** One series' pending bars, oldest first. */
export interface PendingSeries extends SeriesKey {
  bars: Bar[];
}

function keyOf(symbol: string, interval: Interval): string {
  return `${symbol} ${interval}`;
}

export class PendingBars {
  private pending = new Map<string, PendingSeries>();
  private readonly newest = new Map<string, number>();
  private count = 0;

  /** Bars waiting to be written. */
  get size(): number {
    return this.count;
  }

  /** The newest `t` known for a series, or undefined when this process has not seen it yet. */
  newestT(symbol: string, interval: Interval): number | undefined {
    return this.newest.get(keyOf(symbol, interval));
  }

  /** Records the newest `t` a series already has in storage (read back after a restart). */
  learnNewest(symbol: string, interval: Interval, t: number): void {
    const key = keyOf(symbol, interval);
    const known = this.newest.get(key);
    if (known === undefined || t > known) this.newest.set(key, t);
  }

  /** Forgets pending bars of a series older than `t` (storage has newer); returns how many. */
  dropOlderThan(symbol: string, interval: Interval, t: number): number {
    const series = this.pending.get(keyOf(symbol, interval));
    if (!series) return 0;
    const keep = series.bars.filter((b) => b.t >= t);
    const dropped = series.bars.length - keep.length;
    series.bars = keep;
    this.count -= dropped;
    return dropped;
  }

  /** Queues a bar; throws when it is older than the series' newest. */
  add(symbol: string, interval: Interval, bar: Bar): void {
    for (const field of ["t", "o", "h", "l", "c", "v", "n"] as const) {
      if (!Number.isFinite(bar[field])) throw new Error(`bar of ${symbol} ${interval} has a non-finite ${field}`);
    }
    const key = keyOf(symbol, interval);
    const newest = this.newest.get(key);
    if (newest !== undefined && bar.t < newest) {
      throw new Error(`bar of ${symbol} ${interval} at ${bar.t} is older than the newest (${newest}); bars are appended in time order`);
    }
    this.newest.set(key, bar.t);
    let series = this.pending.get(key);
    if (!series) this.pending.set(key, (series = { symbol, interval, bars: [] }));
    const last = series.bars.at(-1);
    const copy = { ...bar };
    if (last && last.t === bar.t) series.bars[series.bars.length - 1] = copy;
    else {
      series.bars.push(copy);
      this.count++;
    }
  }

  /** Hands over everything pending and starts empty. */
  take(): PendingSeries[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    this.count = 0;
    return out;
  }

  /**
   * Puts back a batch whose write failed, ahead of anything queued since (which is newer or the
   * same open bar grown further, and so wins).
   */
  restore(batch: PendingSeries[]): void {
    const later = this.pending;
    this.pending = new Map();
    this.count = 0;
    for (const s of batch) this.pending.set(keyOf(s.symbol, s.interval), { ...s, bars: [...s.bars] });
    for (const s of later.values()) {
      const key = keyOf(s.symbol, s.interval);
      const into = this.pending.get(key);
      if (!into) this.pending.set(key, s);
      else
        for (const bar of s.bars) {
          if (into.bars.at(-1)?.t === bar.t) into.bars[into.bars.length - 1] = bar;
          else into.bars.push(bar);
        }
    }
    for (const s of this.pending.values()) this.count += s.bars.length;
  }

  /** Drops the oldest pending bars until at most `max` remain; returns how many were dropped. */
  trimTo(max: number): number {
    let dropped = 0;
    while (this.count > max) {
      let oldest: PendingSeries | undefined;
      for (const s of this.pending.values()) if (s.bars.length > 0 && (!oldest || s.bars[0]!.t < oldest.bars[0]!.t)) oldest = s;
      if (!oldest) break;
      oldest.bars.shift();
      this.count--;
      dropped++;
    }
    return dropped;
  }

  /** Pending bars of one series, oldest first (shared, do not modify). */
  of(symbol: string, interval: Interval): readonly Bar[] {
    return this.pending.get(keyOf(symbol, interval))?.bars ?? [];
  }
}

/**
 * Merges stored bars with pending ones (same `t`: the pending one wins) and applies a range:
 * `from` inclusive, `to` exclusive, the oldest `limit` from `from`, or the newest `limit` without it.
 * Both inputs are oldest first.
 */
export function selectRange(stored: readonly Bar[], pending: readonly Bar[], range: BarRange): Bar[] {
  const byT = new Map<number, Bar>();
  for (const b of stored) byT.set(b.t, b);
  for (const b of pending) byT.set(b.t, b);
  const inRange = [...byT.values()]
    .filter((b) => (range.from === undefined || b.t >= range.from) && (range.to === undefined || b.t < range.to))
    .sort((a, b) => a.t - b.t);
  const limit = Math.max(0, Math.floor(range.limit));
  return range.from === undefined ? inRange.slice(Math.max(0, inRange.length - limit)) : inRange.slice(0, limit);
}

/** Checks a range's numbers; the HTTP layer validates user input, this guards the store itself. */
export function checkRange(range: BarRange): void {
  if (!Number.isFinite(range.limit) || range.limit < 0) throw new Error(`bar range limit must be a number ≥ 0, got ${range.limit}`);
  if (range.from !== undefined && !Number.isFinite(range.from)) throw new Error("bar range from must be a finite number");
  if (range.to !== undefined && !Number.isFinite(range.to)) throw new Error("bar range to must be a finite number");
}
