/**
 * Where ticks come from. The simulator is the built-in source; relays and replays plug in
 * behind the same interface, so snapshots, resume and fan-out never care which one runs.
 */
import type { MarketHoursMode } from "../lib/bars/marketHours";
import type { BarHistory } from "../lib/bars/types";
import type { SourceState, Tick, TickPoint } from "../lib/protocol";
import { Simulator } from "../lib/simulator";
import { simulatePast } from "../lib/simulatorPast";
import { specFor } from "../lib/universe";

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What a source tells the server. Every call is synchronous and cheap. */
export interface SourceSink {
  /** The next tick of a symbol: seq is exactly one more than the last one of this epoch. */
  tick(tick: Tick): void;
  /** The symbol's source stopped delivering ("stale", with a reason) or delivers again ("live"). */
  status(symbol: string, state: SourceState, reason?: string): void;
  /** A symbol the server should offer from now on (an upstream announced it). */
  addSymbol(symbol: string, open?: number): void;
  /** The symbol's history is replaced, because the source could not fill a gap in it. */
  reset(symbol: string, open: number, ticks: TickPoint[]): void;
  /** Seq numbering restarted under a new epoch (a chained upstream restarted). */
  epoch(epoch: string): void;
  /**
   * A problem upstream, counted in tickwire_source_errors_total{kind} and logged: a skipped frame
   * (malformed, unexpected, unmapped: never relayed) at debug level, a lost connection at warn.
   */
  report(kind: string, detail: string, level?: "debug" | "warn"): void;
  /**
   * Bars from before the symbol's live ticks (the simulator's past, an upstream's history). Bars
   * older than what the server holds are added; the rest are ignored. Optional: a sink that
   * keeps no bars (a NATS tee) leaves it out.
   */
  history?(symbol: string, past: BarHistory): void;
}

export interface TickSource {
  readonly kind: string;
  /** Symbols the source offers from the start, with session open prices where known. */
  readonly opens: ReadonlyMap<string, number | undefined>;
  /** Starts delivering; each symbol's ticks arrive with seq 1, 2, 3, ... (or the upstream's seqs). */
  start(sink: SourceSink): void;
  stop(): void;
  readonly running: boolean;
  /** The epoch to number in, when the source brings its own (a chained feed server). */
  readonly epoch?: string;
  /** Called when a symbol gains its first local subscriber (true) or loses its last (false). */
  demand?(symbol: string, watched: boolean): void;
  /** Extra state for /health (upstream connection, last message, reconnects). */
  health?(): Record<string, unknown>;
}

export interface SimulatedSourceOptions {
  symbols: readonly string[];
  ratePerSymbol: number;
  /** Seed for prices and the past; without one each run differs. */
  seed?: number;
  /** Generate a synthetic past (daily bars for two years, 1m bars for five days) at start. Default true. */
  backfill?: boolean;
  /** With "exchange", stocks and ETFs tick only 09:30-16:00 New York on weekdays. Default "always". */
  marketHours?: MarketHoursMode;
  now: () => number;
  timers: Timers;
}

export class SimulatedSource implements TickSource {
  readonly kind = "sim";
  readonly opens: ReadonlyMap<string, number | undefined>;
  private sim: Simulator | undefined;
  private handle: unknown;
  private sink: SourceSink | undefined;

  constructor(private readonly options: SimulatedSourceOptions) {
    this.opens = new Map(options.symbols.map((s) => [s, specFor(s).price]));
  }

  get running(): boolean {
    return this.sim !== undefined;
  }

  /**
   * With a backfill, the live walk starts at the current minute's start, where the past ends: so
   * two runs with one seed started within the same minute give identical bars and ticks.
   */
  start(sink: SourceSink): void {
    if (this.sim) throw new Error("simulated source already started");
    const { options } = this;
    const seed = options.seed ?? (Math.random() * 2 ** 32) >>> 0;
    const specs = options.symbols.map(specFor);
    let startTime = options.now();
    if (options.backfill ?? true) {
      for (const spec of specs) {
        const past = simulatePast({ spec, seed, now: startTime, ratePerSymbol: options.ratePerSymbol });
        sink.history?.(spec.symbol, past);
      }
      startTime = Math.floor(startTime / 60_000) * 60_000;
    }
    this.sim = new Simulator({ specs, ratePerSymbol: options.ratePerSymbol, seed, startTime, marketHours: options.marketHours });
    this.sink = sink;
    this.schedule();
  }

  stop(): void {
    if (this.handle !== undefined) this.options.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.sim = undefined;
    this.sink = undefined;
  }

  /** Sleeps until the next arrival is due, then emits everything due by then. */
  private schedule(): void {
    const sim = this.sim;
    if (!sim) return;
    const wait = Math.max(1, Math.ceil(sim.nextAt() - this.options.now()));
    this.handle = this.options.timers.setTimeout(() => {
      const sink = this.sink;
      if (!this.sim || !sink) return;
      this.sim.advanceTo(this.options.now(), (tick) => sink.tick(tick));
      this.schedule();
    }, wait);
  }
}
