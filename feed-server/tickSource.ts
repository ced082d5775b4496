/**
 * Where ticks come from. The simulator is the built-in source; relays and replays plug in
 * behind the same interface, so snapshots, resume and fan-out never care which one runs.
 */
import type { MarketHoursMode } from "../lib/bars/marketHours";
import type { Bar, BarHistory, Interval } from "../lib/bars/types";
import type { BarStore } from "./bars/barStore";
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
  /**
   * Ticks from before the server served (a simulator catching up from the start of the current
   * minute): recorded into tick history, so snapshots and resumes include them and the first live
   * tick follows on, but neither published live nor folded into bars (see `fold`). Optional: a
   * simulator whose sink has `history` but not this (a NATS source) makes a past up to the
   * minute's start and starts its walk now; with neither, it starts its walk at once, with no past.
   */
  preload?(symbol: string, ticks: Tick[]): void;
  /** Folds preloaded ticks into bars, once the symbol's past (`history`) is in place before them. */
  fold?(symbol: string, ticks: Tick[]): void;
  /**
   * The newest price the server already holds for a symbol (bars from a durable store, loaded
   * before the source starts), so a simulator continues a chart after a restart instead of
   * jumping back to its starting price. Optional.
   */
  lastPrice?(symbol: string): number | undefined;
  /**
   * Bars are kept in `store` from now on (a NATS source that took the lease: the BARS stream).
   * Resolves once the server has loaded what the store holds, so a source started afterwards
   * continues those bars; `undefined` stops writing to the store handed over before. Optional.
   */
  barStore?(store: BarStore | undefined): Promise<void>;
  /**
   * A bar made by another process (a NATS edge mirroring the source's BARS): the open bar of its
   * series, or the final state of the newest closed one. `seq`: its newest tick seq in the current
   * epoch, 0 if unknown. Optional.
   */
  bar?(symbol: string, interval: Interval, bar: Bar, seq: number): void;
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
  /**
   * "mirror": bars come ready-made through `sink.bar` (a NATS edge), so ticks are not folded
   * into bars as well. Default "ticks".
   */
  readonly barMode?: "ticks" | "mirror";
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
  /** Progress of the backfill: symbols whose past is loaded. */
  private past: { done: number; of: number } | undefined;
  private sink: SourceSink | undefined;

  constructor(private readonly options: SimulatedSourceOptions) {
    this.opens = new Map(options.symbols.map((s) => [s, specFor(s).price]));
  }

  get running(): boolean {
    return this.sim !== undefined;
  }

  /**
   * With a backfill, the live walk starts at the current minute's start, where the past ends: so
   * two runs with one seed started within the same minute give identical bars and ticks. The
   * past is generated one symbol per timer turn, so /health and other requests are answered
   * meanwhile; live ticks start after it (those due by then arrive at once, none is lost).
   */
  start(sink: SourceSink): void {
    if (this.sim) throw new Error("simulated source already started");
    const { options } = this;
    const seed = options.seed ?? (Math.random() * 2 ** 32) >>> 0;
    const specs = options.symbols.map(specFor);
    const now = options.now();
    // A sink that keeps no bars gets the live walk only.
    const backfill = (options.backfill ?? true) && sink.history !== undefined;
    // The walk from the minute's start to now goes into history through `preload`. A sink without it
    // (a NATS source: every tick it numbers must reach the bus in order) gets the past up to the
    // minute's start and the live walk from now, at the past's last price.
    const catchUp = backfill && sink.preload !== undefined;
    const startTime = catchUp ? Math.floor(now / 60_000) * 60_000 : now;
    // Symbols with bars from a previous run (a durable store) continue from their last price and need no past.
    const startPrices = new Map<string, number>();
    for (const spec of specs) {
      const last = sink.lastPrice?.(spec.symbol);
      if (last !== undefined) startPrices.set(spec.symbol, last);
    }
    // ...and they start their walk now: a walk from the minute's start would lay a second, different
    // run of ticks over the stored bars (the time the server was down stays a gap, as it would for
    // a real market feed).
    const startTimes = new Map([...startPrices.keys()].map((symbol) => [symbol, now]));
    const sim = new Simulator({ specs, ratePerSymbol: options.ratePerSymbol, seed, startTime, startPrices, startTimes, marketHours: options.marketHours });
    this.sim = sim;
    this.sink = sink;
    this.past = backfill ? { done: 0, of: specs.length } : undefined;
    if (!backfill) return this.schedule();
    // The walk from the minute's start to now happened before anyone could watch: it goes into
    // tick history now, before any client can subscribe (so a snapshot taken while the past is
    // still loading holds it, and the first live tick follows on), and into bars after the
    // symbol's past, not out as a burst of live ticks.
    const caughtUp = new Map<string, Tick[]>(specs.map((spec) => [spec.symbol, []]));
    if (catchUp) {
      sim.advanceTo(now, (tick) => caughtUp.get(tick.symbol)!.push(tick));
      for (const spec of specs) sink.preload?.(spec.symbol, caughtUp.get(spec.symbol)!);
    }
    const next = (i: number) => {
      if (this.sim !== sim) return; // stopped meanwhile
      const spec = specs[i];
      if (!spec) return this.schedule();
      this.past = { done: i + 1, of: specs.length };
      if (startPrices.has(spec.symbol)) return next(i + 1); // bars from the store, and no walk to fold
      sink.history?.(spec.symbol, simulatePast({ spec, seed, now, ratePerSymbol: options.ratePerSymbol }));
      if (catchUp) sink.fold?.(spec.symbol, caughtUp.get(spec.symbol)!);
      this.handle = options.timers.setTimeout(() => next(i + 1), 0);
    };
    this.handle = options.timers.setTimeout(() => next(0), 0);
  }

  /** /health shows whether the past is loaded: `"past":{"done":36,"of":36}`. */
  health(): Record<string, unknown> {
    return this.past ? { past: this.past } : {};
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
