/**
 * The one publish schedule every implementation runs: each stream publishes a fixed number
 * of ticks per second, round-robin over its symbols, at evenly spaced due times. The same
 * seed gives the same prices and sizes everywhere, so frames differ only in `ts`.
 *
 * A fixed schedule (not Poisson) keeps runs comparable; ticks due while the event loop was
 * busy are emitted late in a burst rather than skipped, so an overloaded server still has to
 * deliver the whole schedule, and the lateness is reported as schedule lag.
 */
import { build, type Histogram } from "hdr-histogram-js";
import type { Tick } from "../lib/protocol";
import { normal, seededRandom, type Random } from "../lib/random";

export interface Stream {
  symbols: string[];
  /** Ticks per second for the whole stream (each symbol gets rate / symbols.length). */
  ratePerSecond: number;
}

export interface PublishPlan {
  streams: Stream[];
  /** Ticks published at once per symbol when a symbol has fewer, so snapshots carry history. */
  prefillPerSymbol: number;
  /**
   * Publish whatever fell due at most this often (ms), all in one event-loop turn; 0 publishes
   * each tick as soon as it is due. A what-if knob: servers that merge sends made in one turn
   * (uWS does) write fewer, larger segments.
   */
  batchMs?: number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface HaltReport {
  /** Newest seq of every symbol that has published at least once. */
  finalSeqs: Record<string, number>;
  emitted: number;
  /** How late ticks left the schedule (ms): a busy event loop shows up here. */
  lagP99Ms: number;
  lagMaxMs: number;
}

/** Deterministic ticks: a per-symbol random walk from the open price, seq from 1. */
export class TickMaker {
  private readonly random: Random;
  private readonly prices = new Map<string, number>();
  private readonly seqs = new Map<string, number>();

  constructor(
    private readonly opens: ReadonlyMap<string, number>,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  seqOf(symbol: string): number {
    return this.seqs.get(symbol) ?? 0;
  }

  next(symbol: string, ts: number): Tick {
    const open = this.opens.get(symbol);
    if (open === undefined) throw new Error(`no open price for ${symbol}`);
    const last = this.prices.get(symbol) ?? open;
    const price = Math.max(0.01, Math.round(last * (1 + 0.0005 * normal(this.random)) * 100) / 100);
    const seq = this.seqOf(symbol) + 1;
    this.prices.set(symbol, price);
    this.seqs.set(symbol, seq);
    const size = 100 * (1 + Math.floor(this.random() * 10));
    // Microsecond resolution: whole milliseconds would hide the sub-millisecond latencies we compare.
    return { symbol, seq, price, size, ts: Math.round(ts * 1000) / 1000 };
  }
}

interface RunningStream {
  symbols: string[];
  intervalMs: number;
  startAt: number;
  /** Ticks emitted so far; tick k is due at startAt + k * intervalMs. */
  k: number;
}

export class PublishRunner {
  private streams: RunningStream[] = [];
  private batchMs = 0;
  private handle: unknown;
  private emitted = 0;
  private readonly lag: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 2 });

  constructor(
    private readonly maker: TickMaker,
    private readonly emit: (tick: Tick) => void,
    private readonly now: () => number,
    private readonly timers: Timers,
  ) {}

  get running(): boolean {
    return this.streams.length > 0;
  }

  start(plan: PublishPlan): void {
    if (this.running) throw new Error("already publishing; halt first");
    const startAt = this.now();
    for (const stream of plan.streams) {
      for (const symbol of stream.symbols) {
        while (this.maker.seqOf(symbol) < plan.prefillPerSymbol) this.emit(this.maker.next(symbol, startAt));
      }
    }
    this.streams = plan.streams
      .filter((s) => s.ratePerSecond > 0 && s.symbols.length > 0)
      .map((s) => ({ symbols: s.symbols, intervalMs: 1000 / s.ratePerSecond, startAt, k: 0 }));
    this.emitted = 0;
    this.batchMs = plan.batchMs ?? 0;
    this.lag.reset();
    if (this.running) this.tick();
  }

  halt(): HaltReport {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    const symbols = new Set(this.streams.flatMap((s) => s.symbols));
    this.streams = [];
    const finalSeqs: Record<string, number> = {};
    for (const symbol of symbols) finalSeqs[symbol] = this.maker.seqOf(symbol);
    return {
      finalSeqs,
      emitted: this.emitted,
      lagP99Ms: this.lag.getValueAtPercentile(99) / 1000,
      lagMaxMs: this.lag.maxValue / 1000,
    };
  }

  private readonly tick = (): void => {
    const now = this.now();
    let nextDue = Infinity;
    for (const s of this.streams) {
      let due = s.startAt + s.k * s.intervalMs;
      while (due <= now) {
        const symbol = s.symbols[s.k % s.symbols.length] as string;
        s.k++;
        this.lag.recordValue(Math.round((now - due) * 1000));
        this.emitted++;
        this.emit(this.maker.next(symbol, now));
        due = s.startAt + s.k * s.intervalMs;
      }
      if (due < nextDue) nextDue = due;
    }
    if (!this.running) return;
    // Timers have millisecond granularity; whatever fell due in between goes out on the next turn.
    this.handle = this.timers.setTimeout(this.tick, Math.max(this.batchMs, nextDue - this.now()));
  };
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
