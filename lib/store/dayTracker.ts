/**
 * One symbol's trading day in the browser: the previous close, today's daily bar and the
 * one-minute bars since the snapshot. Snapshots set the day from the feed's session fields; live
 * ticks extend it with the shared aggregation (lib/bars/aggregator.ts), so the browser's day bar
 * and minute bars are the server's; `bar` frames of a bar subscription replace them outright.
 * Mutable and private to the store, which publishes copies once per batch.
 */
import { BarAggregator } from "../bars/aggregator";
import { barStart } from "../bars/align";
import { dayStats } from "../bars/dayStats";
import type { Bar, DayStats, SymbolKind } from "../bars/types";
import type { BarMessage, SnapshotMessage, TickPoint } from "../protocol";

/** Minute bars kept per symbol: a full 24-hour crypto day. */
export const MAX_MINUTE_BARS = 1_440;

export class DayTracker {
  private prevClose: number | null = null;
  private day: BarAggregator;
  private minutes: BarAggregator;
  /** Closed minute bars, oldest first; the open one is `minutes.current("1m")`. */
  private closedMinutes: readonly Bar[] = [];
  /** Daily bar from a `1d` bar subscription (it has no ticks to fold). */
  private barDay: Bar | undefined;

  constructor(readonly kind: SymbolKind) {
    this.day = this.newDay();
    this.minutes = this.newMinutes();
  }

  private newDay(): BarAggregator {
    // A day closing under a live tick makes its close the new previous close.
    return new BarAggregator(this.kind, (_interval, bar) => (this.prevClose = bar.c), ["1d"]);
  }

  private newMinutes(): BarAggregator {
    return new BarAggregator(
      this.kind,
      (_interval, bar) => {
        // A new array per closed minute (once a minute), so published states can share it.
        const keep = this.closedMinutes.length >= MAX_MINUTE_BARS ? this.closedMinutes.slice(1) : this.closedMinutes.slice();
        keep.push({ ...bar });
        this.closedMinutes = keep;
      },
      ["1m"],
    );
  }

  /**
   * The snapshot's session fields are the day so far, including its own ticks; with
   * `resumed:false` the minute bars start again from the snapshot's ticks.
   */
  applySnapshot(msg: SnapshotMessage, last: number | null): void {
    if (!msg.resumed) {
      this.closedMinutes = [];
      this.minutes = this.newMinutes();
    }
    for (const t of msg.ticks) this.minutes.add(t);
    this.prevClose = msg.prevClose ?? null;
    this.day = this.newDay();
    this.barDay = undefined;
    const newest = msg.ticks.at(-1)?.ts ?? msg.bars?.at(-1)?.t;
    if (msg.interval === "1d") {
      // The newest daily bar is today's only once today has traded (the feed then sends dayOpen);
      // before that it is the previous day's, whose close is already `prevClose`.
      const newestBar = msg.bars?.at(-1);
      if (newestBar && msg.dayOpen != null) this.barDay = { ...newestBar };
      return;
    }
    if (msg.dayOpen != null && msg.high != null && msg.low != null && last !== null && newest !== undefined) {
      const t = barStart("1d", newest, this.kind);
      this.day.resume("1d", { t, o: msg.dayOpen, h: msg.high, l: msg.low, c: last, v: msg.volume ?? 0, n: 0 });
    }
  }

  applyTick(point: TickPoint): void {
    this.minutes.add(point);
    this.day.add(point);
  }

  applyBar(msg: BarMessage): void {
    if (msg.interval !== "1d") return;
    if (this.barDay && msg.bar.t > this.barDay.t) this.prevClose = this.barDay.c;
    this.barDay = { ...msg.bar };
  }

  /** Today's daily bar, or undefined before today's first trade. */
  today(): Bar | undefined {
    if (this.barDay) return this.barDay;
    const open = this.day.current("1d");
    return open ? { ...open.bar } : undefined;
  }

  stats(): DayStats {
    return dayStats(this.prevClose, this.today());
  }

  /** Closed minute bars since the snapshot, oldest first; the same array until one more closes. */
  closedMinuteBars(): readonly Bar[] {
    return this.closedMinutes;
  }

  /** The minute bar still taking ticks (a copy), if any. */
  openMinuteBar(): Bar | null {
    const open = this.minutes.current("1m");
    return open ? { ...open.bar } : null;
  }
}
