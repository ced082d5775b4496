/**
 * Where ticks come from. The simulator is the built-in source; relays and replays plug in
 * behind the same interface, so snapshots, resume and fan-out never care which one runs.
 */
import type { Tick } from "../lib/protocol";
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

export interface TickSource {
  readonly kind: string;
  /** Every symbol the source can deliver, with its session open price. */
  readonly opens: ReadonlyMap<string, number>;
  /** Starts delivering; each symbol's ticks arrive with seq 1, 2, 3, ... */
  start(emit: (tick: Tick) => void): void;
  stop(): void;
  readonly running: boolean;
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
  readonly opens: ReadonlyMap<string, number>;
  private sim: Simulator | undefined;
  private handle: unknown;
  private emit: ((tick: Tick) => void) | undefined;

  constructor(private readonly options: SimulatedSourceOptions) {
    this.opens = new Map(options.symbols.map((s) => [s, specFor(s).price]));
  }

  get running(): boolean {
    return this.sim !== undefined;
  }

  start(emit: (tick: Tick) => void): void {
    if (this.sim) throw new Error("simulated source already started");
    const { options } = this;
    const random = options.random ?? seededRandom(options.seed ?? (Math.random() * 2 ** 32) >>> 0);
    this.sim = new Simulator({
      specs: options.symbols.map(specFor),
      ratePerSymbol: options.ratePerSymbol,
      random,
      startTime: options.now(),
    });
    this.emit = emit;
    this.schedule();
  }

  stop(): void {
    if (this.handle !== undefined) this.options.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.sim = undefined;
    this.emit = undefined;
  }

  /** Sleeps until the next arrival is due, then emits everything due by then. */
  private schedule(): void {
    const sim = this.sim;
    if (!sim) return;
    const wait = Math.max(1, Math.ceil(sim.nextAt() - this.options.now()));
    this.handle = this.options.timers.setTimeout(() => {
      if (!this.sim || !this.emit) return;
      this.sim.advanceTo(this.options.now(), this.emit);
      this.schedule();
    }, wait);
  }
}
