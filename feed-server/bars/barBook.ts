/**
 * Every symbol's bars, fed from the same sink.tick path as SymbolBook, so bars agree with the
 * ticks clients see whatever the source (sim, replay, relay, NATS source or edge). Closed bars
 * go into the MemoryBarStore; each symbol's open bars live in its BarAggregator. Also answers
 * day stats and market state, which are both views of the daily bar.
 */
import { BarAggregator, type OpenBar } from "../../lib/bars/aggregator";
import { barEnd } from "../../lib/bars/align";
import { dayStats } from "../../lib/bars/dayStats";
import { marketState, type MarketHoursMode } from "../../lib/bars/marketHours";
import { tradingDayStart } from "../../lib/bars/tradingDay";
import { INTERVALS, type Bar, type BarHistory, type DayStats, type Interval, type MarketState, type SymbolKind } from "../../lib/bars/types";
import type { Tick } from "../../lib/protocol";
import { symbolKind } from "../../lib/universe";
import type { SeqBar } from "./barRing";
import { MemoryBarStore } from "./memoryBarStore";

export type ClosedListener = (symbol: string, interval: Interval, bar: Bar, seq: number) => void;

export interface BarBookOptions {
  retention: Readonly<Record<Interval, number>>;
  marketHours: MarketHoursMode;
  /** Called for every bar that closes (a tick crossed its end, or closeBefore). */
  onClosed?: ClosedListener;
}

export interface BarQuery {
  from?: number;
  to?: number;
  limit: number;
}

export interface BarPage {
  /** Oldest first; the last one may be the open bar. */
  bars: Bar[];
  /** True when the last bar is the open (partial) one. */
  partial: boolean;
  /** `from` of the next page (the bar after the last returned), or null at the newest bar. */
  next: number | null;
}

export class BarBook {
  readonly store: MemoryBarStore;
  private readonly aggregators = new Map<string, BarAggregator>();
  /** Bars refused: out of order, or older than bars already held. */
  refused = 0;

  constructor(private readonly options: BarBookOptions) {
    this.store = new MemoryBarStore(options.retention);
  }

  addSymbol(symbol: string): void {
    if (this.aggregators.has(symbol)) return;
    const kind = symbolKind(symbol);
    this.aggregators.set(symbol, new BarAggregator(kind, (interval, bar, seq) => this.closed(symbol, interval, bar, seq)));
  }

  has(symbol: string): boolean {
    return this.aggregators.has(symbol);
  }

  kind(symbol: string): SymbolKind {
    return this.aggregators.get(symbol)?.kind ?? symbolKind(symbol);
  }

  /** Folds a tick into the symbol's bars; returns why it was refused, if it was. */
  record(tick: Tick): string | undefined {
    const agg = this.aggregators.get(tick.symbol);
    if (!agg) return `no bars for unknown symbol ${tick.symbol}`;
    const refused = agg.add(tick);
    if (refused !== undefined) this.refused++;
    return refused;
  }

  /**
   * Takes bars from before the live ticks. Into an empty series they go as they are (the bar
   * still open at `asOf` becomes the open bar); into a series with bars, only older bars are
   * added in front. Returns the number of bars taken.
   */
  load(symbol: string, history: BarHistory): number {
    this.addSymbol(symbol);
    const agg = this.aggregators.get(symbol)!;
    let taken = 0;
    for (const interval of INTERVALS) {
      const bars = history.bars[interval];
      if (!bars || bars.length === 0) continue;
      const ring = this.store.ring(symbol, interval);
      const oldestHeld = ring.oldestTime() ?? agg.current(interval)?.bar.t;
      if (oldestHeld !== undefined) {
        const older = bars.filter((b) => b.t < oldestHeld).map((bar): SeqBar => ({ bar, seq: 0 }));
        ring.prepend(older);
        taken += older.length;
        continue;
      }
      const last = bars[bars.length - 1]!;
      const stillOpen = barEnd(interval, last.t, agg.kind) > history.asOf;
      for (const bar of stillOpen ? bars.slice(0, -1) : bars) ring.push(bar, 0);
      if (stillOpen) agg.resume(interval, last, 0);
      taken += bars.length;
    }
    return taken;
  }

  /**
   * A bar made elsewhere (a NATS edge mirrors the source's BARS): it becomes the open bar of its
   * series, closing the previous one when it starts later; the same start as the newest closed
   * bar corrects that bar; an older bar is ignored. Returns whether it was taken.
   */
  mirror(symbol: string, interval: Interval, bar: Bar, seq: number): boolean {
    const agg = this.aggregators.get(symbol);
    if (!agg) return false;
    const ring = this.store.ring(symbol, interval);
    const newest = ring.newestTime();
    if (newest === undefined || bar.t > newest) return agg.adopt(interval, bar, seq);
    if (bar.t < newest) return false;
    ring.replaceNewest({ ...bar }, seq);
    return true;
  }

  /**
   * Tick seqs restarted under a new epoch: the bars stay, but their seqs belonged to the old
   * numbering, so they become history (seq 0) and a resume compares only new seqs.
   */
  newEpoch(): void {
    for (const ring of this.store.rings()) ring.forgetSeqs();
    for (const agg of this.aggregators.values()) agg.forgetSeqs();
  }

  /** Closes open bars that ended at or before `time` though no tick came to close them. */
  closeBefore(time: number): void {
    for (const agg of this.aggregators.values()) agg.closeBefore(time);
  }

  open(symbol: string, interval: Interval): Readonly<OpenBar> | undefined {
    return this.aggregators.get(symbol)?.current(interval);
  }

  /** A page of bars, closed ones from the store and the open one after them. */
  page(symbol: string, interval: Interval, q: BarQuery): BarPage {
    const open = this.open(symbol, interval);
    const openFits = open !== undefined && (q.from === undefined || open.bar.t >= q.from) && (q.to === undefined || open.bar.t < q.to);
    if (q.from === undefined) {
      const closed = this.store.read(symbol, interval, { to: q.to, limit: openFits ? q.limit - 1 : q.limit });
      return { bars: openFits ? [...closed, { ...open.bar }] : closed, partial: openFits, next: null };
    }
    // One extra bar tells whether a next page exists.
    const closed = this.store.read(symbol, interval, { from: q.from, to: q.to, limit: q.limit + 1 });
    const all = openFits ? [...closed, { ...open.bar }] : closed;
    const bars = all.slice(0, q.limit);
    const more = all.length > q.limit;
    return { bars, partial: openFits && !more, next: more ? all[q.limit]!.t : null };
  }

  /** Bars that hold ticks after `since` (the client's newest tick seq), with their seqs, oldest first. */
  since(symbol: string, interval: Interval, since: number): { bars: SeqBar[]; complete: boolean } {
    const ring = this.store.ring(symbol, interval);
    let i = ring.size;
    while (i > 0 && ring.seqAt(i - 1) > since) i--;
    // Complete unless a bar holding ticks after `since` was dropped for capacity.
    const complete = ring.droppedSeq <= since;
    const bars: SeqBar[] = [];
    for (let j = i; j < ring.size; j++) bars.push({ bar: ring.at(j), seq: ring.seqAt(j) });
    const open = this.open(symbol, interval);
    if (open && open.seq > since) bars.push({ bar: { ...open.bar }, seq: open.seq });
    return { bars, complete };
  }

  /** Today's stats against the previous close; "today" is the trading day of `now` or of the newest tick, whichever is later. */
  dayStats(symbol: string, now: number): DayStats {
    const agg = this.aggregators.get(symbol);
    if (!agg) return dayStats(null, undefined);
    const today = tradingDayStart(Math.max(now, agg.lastTime), agg.kind);
    const ring = this.store.ring(symbol, "1d");
    const open = agg.current("1d")?.bar;
    let todayBar: Bar | undefined;
    let prevClose: number | null = null;
    if (open && open.t >= today) todayBar = open;
    else if (open) prevClose = open.c;
    for (let i = ring.size - 1; i >= 0 && prevClose === null; i--) {
      const t = ring.timeAt(i);
      if (t >= today) todayBar ??= ring.at(i);
      else prevClose = ring.at(i).c;
    }
    return dayStats(prevClose, todayBar);
  }

  /** The close of the symbol's newest bar in any interval, open or closed. */
  lastClose(symbol: string): number | undefined {
    let best: Bar | undefined;
    for (const interval of INTERVALS) {
      const open = this.open(symbol, interval)?.bar;
      const ring = this.store.ring(symbol, interval);
      const closed = ring.size > 0 ? ring.at(ring.size - 1) : undefined;
      for (const b of [open, closed]) if (b && (!best || b.t > best.t || (b.t === best.t && b.n > best.n))) best = b;
    }
    return best?.c;
  }

  market(symbol: string, now: number): MarketState {
    return marketState(this.kind(symbol), now, this.options.marketHours);
  }

  private closed(symbol: string, interval: Interval, bar: Bar, seq: number): void {
    try {
      this.store.append(symbol, interval, bar, seq);
    } catch {
      this.refused++; // older than bars already held (history arrived first): the held bars win
      return;
    }
    this.options.onClosed?.(symbol, interval, bar, seq);
  }
}
