/**
 * Folds one symbol's ticks into bars of every interval at once. The server, the browser and
 * the tests all use this class, so a client extending the live bar from ticks gets exactly the
 * server's bar. Input must come in time order: a tick older than the last one (or than a bar
 * already closed) is refused, never folded into the wrong bar.
 */
import { barEnd, barStart } from "./align";
import { INTERVALS, type Bar, type Interval, type SymbolKind } from "./types";

/** What the aggregator needs of a tick. */
export interface TickInput {
  ts: number;
  price: number;
  size: number;
  seq: number;
}

/** A bar still taking ticks, with the seq of the last tick folded into it. */
export interface OpenBar {
  bar: Bar;
  /** Exclusive end: the next bar's start. */
  end: number;
  seq: number;
}

export type CloseListener = (interval: Interval, bar: Bar, seq: number) => void;

export class BarAggregator {
  /** Open bar per interval, by index into `intervals` (an array: this is the per-tick hot path). */
  private readonly open: (OpenBar | undefined)[];
  private lastTs = -Infinity;
  /** Bars ending at or before this were closed; ticks before it are refused. */
  private closedThrough = -Infinity;

  constructor(
    readonly kind: SymbolKind,
    private readonly onClose: CloseListener = () => {},
    readonly intervals: readonly Interval[] = INTERVALS,
  ) {
    this.open = intervals.map(() => undefined);
  }

  /** Folds a tick into every interval; returns why it was refused, or undefined when folded. */
  add(tick: TickInput): string | undefined {
    const { ts, price, size, seq } = tick;
    if (!Number.isFinite(ts) || !Number.isFinite(price) || price <= 0 || !Number.isFinite(size) || size < 0) {
      return "tick has a non-finite time, a non-positive price or a negative size";
    }
    if (ts < this.lastTs) return `out of order: ts ${ts} is before the previous tick's ${this.lastTs}`;
    if (ts < this.closedThrough) return `late: ts ${ts} falls in a bar already closed (through ${this.closedThrough})`;
    this.lastTs = ts;
    for (let i = 0; i < this.open.length; i++) {
      const cur = this.open[i];
      if (cur !== undefined && ts < cur.end) {
        const b = cur.bar;
        if (price > b.h) b.h = price;
        if (price < b.l) b.l = price;
        b.c = price;
        b.v += size;
        b.n += 1;
        cur.seq = seq;
        continue;
      }
      const interval = this.intervals[i]!;
      if (cur) this.onClose(interval, cur.bar, cur.seq);
      const t = barStart(interval, ts, this.kind);
      this.open[i] = { bar: { t, o: price, h: price, l: price, c: price, v: size, n: 1 }, end: barEnd(interval, t, this.kind), seq };
    }
    return undefined;
  }

  /** The bar of `interval` still taking ticks, if any. Callers must not mutate it. */
  current(interval: Interval): Readonly<OpenBar> | undefined {
    return this.open[this.intervals.indexOf(interval)];
  }

  /** Time of the newest tick folded (or of the resumed history). */
  get lastTime(): number {
    return this.lastTs;
  }

  /**
   * Continues a bar from history (a backfill or a store), as the open bar of its interval, so
   * the next tick extends it. Only before any tick of that interval; returns false otherwise.
   */
  resume(interval: Interval, bar: Bar, seq = 0): boolean {
    const i = this.intervals.indexOf(interval);
    if (i < 0 || this.open[i] !== undefined || bar.t < this.closedThrough) return false;
    this.open[i] = { bar: { ...bar }, end: barEnd(interval, bar.t, this.kind), seq };
    return true;
  }

  /**
   * Takes a bar made elsewhere as the open bar of its interval (a NATS edge mirrors the source's
   * bars instead of folding ticks): the same start replaces the open bar, a later start closes
   * the open bar first. Returns false for a bar older than the open one; the caller checks it
   * against the interval's closed bars.
   */
  adopt(interval: Interval, bar: Bar, seq: number): boolean {
    const i = this.intervals.indexOf(interval);
    const cur = this.open[i];
    if (i < 0 || (cur !== undefined && bar.t < cur.bar.t)) return false;
    if (cur !== undefined && bar.t > cur.bar.t) this.onClose(interval, cur.bar, cur.seq);
    this.open[i] = { bar: { ...bar }, end: barEnd(interval, bar.t, this.kind), seq };
    if (bar.t > this.lastTs) this.lastTs = bar.t;
    return true;
  }

  /** Seqs restarted (a new epoch): the open bars keep their ticks but no longer name a seq. */
  forgetSeqs(): void {
    for (const cur of this.open) if (cur) cur.seq = 0;
  }

  /** Closes every open bar that ends at or before `time` (no tick came to close it). */
  closeBefore(time: number): void {
    for (let i = 0; i < this.open.length; i++) {
      const cur = this.open[i];
      if (cur === undefined || cur.end > time) continue;
      this.open[i] = undefined;
      if (cur.end > this.closedThrough) this.closedThrough = cur.end;
      this.onClose(this.intervals[i]!, cur.bar, cur.seq);
    }
  }
}
