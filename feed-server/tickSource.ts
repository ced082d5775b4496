/**
 * Where ticks come from. The simulator is the built-in source; relays and replays plug in
 * behind the same interface, so snapshots, resume and fan-out never care which one runs.
 */
import type { SourceState, Tick, TickPoint } from "../lib/protocol";
import { seededRandom, type Random } from "../lib/random";
import { Simulator } from "../lib/simulator";
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
  /** Seed for prices; without one each run differs. */
  seed?: number;
  random?: Random;
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

  start(sink: SourceSink): void {
    if (this.sim) throw new Error("simulated source already started");
    const { options } = this;
    const random = options.random ?? seededRandom(options.seed ?? (Math.random() * 2 ** 32) >>> 0);
    this.sim = new Simulator({
      specs: options.symbols.map(specFor),
      ratePerSymbol: options.ratePerSymbol,
      random,
      startTime: options.now(),
    });
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
