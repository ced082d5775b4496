/**
 * A relay's history backfill: on a symbol's first demand, its recent bars are fetched from the
 * provider's public REST history (every interval the provider has, in parallel) and handed to the
 * server through `sink.history`, which puts them in front of the bars live ticks have built. Live
 * ticks never wait for it. A failed or slow fetch is one warn line and one
 * tickwire_source_errors_total{kind="backfill_failed"}; its intervals are tried again on the
 * symbol's next first demand.
 */
import { barStart } from "../../lib/bars/align";
import { INTERVALS, type Bar, type Interval } from "../../lib/bars/types";
import { symbolKind } from "../../lib/universe";
import type { SourceSink } from "../tickSource";
import type { History } from "./history/backfill";

/** Most bars asked for per interval: one request each, and Binance gives at most 1,000. */
export const BACKFILL_MAX_BARS = 1000;

export interface RelayBackfillOptions {
  history: History;
  /** Bars wanted per interval (the server's retention); capped at BACKFILL_MAX_BARS. */
  limits: Readonly<Record<Interval, number>>;
  now: () => number;
}

/** Upstream day candles start at 00:00 UTC of their date; ours start at the symbol's trading-day start. */
function toTradingDay(symbol: string, bars: Bar[]): Bar[] {
  const kind = symbolKind(symbol);
  return bars.map((b) => ({ ...b, t: barStart("1d", b.t + 12 * 3_600_000, kind) }));
}

export class RelayBackfill {
  /** Intervals of each symbol already backfilled. */
  private readonly done = new Map<string, Set<Interval>>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly o: RelayBackfillOptions) {}

  /**
   * Backfills the intervals of `symbol` not had yet. `sink()` is read when the answers are in: a
   * relay stopped meanwhile hands nothing on. Never rejects.
   */
  async fill(symbol: string, sink: () => SourceSink | undefined): Promise<void> {
    if (this.inFlight.has(symbol)) return;
    const had = this.done.get(symbol) ?? new Set<Interval>();
    const wanted = INTERVALS.filter((i) => this.o.history.supports(i) && !had.has(i));
    if (wanted.length === 0) return;
    this.inFlight.add(symbol);
    try {
      const results = await Promise.all(
        wanted.map(async (interval) => ({ interval, result: await this.o.history.backfill(symbol, interval, Math.min(this.o.limits[interval], BACKFILL_MAX_BARS)) })),
      );
      const to = sink();
      if (!to) return;
      const bars: Partial<Record<Interval, Bar[]>> = {};
      const failed: string[] = [];
      for (const { interval, result } of results) {
        if (!result.ok) {
          failed.push(`${interval}: ${result.error}`);
          continue;
        }
        bars[interval] = interval === "1d" ? toTradingDay(symbol, result.bars) : result.bars;
        had.add(interval);
      }
      this.done.set(symbol, had);
      if (Object.keys(bars).length > 0) to.history?.(symbol, { asOf: this.o.now(), bars });
      if (failed.length > 0) to.report("backfill_failed", `${symbol} history not loaded, live bars unaffected: ${failed.join("; ")}`, "warn");
    } catch (err) {
      sink()?.report("backfill_failed", `${symbol} history not loaded, live bars unaffected: ${(err as Error).message}`, "warn");
    } finally {
      this.inFlight.delete(symbol);
    }
  }
}
