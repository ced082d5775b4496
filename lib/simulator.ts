/**
 * Tick simulator: per-symbol geometric Brownian motion sampled at Poisson arrival times.
 * Pure and clock-free: the caller says how far to advance, so tests drive time instead of
 * waiting for it. Each symbol draws from its own random stream, derived from the seed and the
 * symbol, so a seeded run gives the same ticks per symbol however the advanceTo calls fall.
 */
import { marketPhase, type MarketHoursMode } from "./bars/marketHours";
import type { Tick } from "./protocol";
import { exponential, normal, streamRandom, type Random } from "./random";
import type { SymbolSpec } from "./universe";

/** Stocks move during trading hours only: 252 days of 6.5 h. Crypto trades around the clock. */
export const MS_PER_TRADING_YEAR = 252 * 6.5 * 3600 * 1000;
export const MS_PER_CALENDAR_YEAR = 365 * 24 * 3600 * 1000;

export function msPerYear(spec: SymbolSpec): number {
  return spec.kind === "crypto" ? MS_PER_CALENDAR_YEAR : MS_PER_TRADING_YEAR;
}

export interface SimulatorOptions {
  specs: readonly SymbolSpec[];
  /** Mean ticks per second per symbol (Poisson rate). */
  ratePerSymbol: number;
  /** The run's seed; symbol S draws from the stream `${S}/live` of it. */
  seed: number;
  /** Time (ms) the simulation starts at; the first arrivals come after it. */
  startTime: number;
  /** Exact starting price per symbol (where a backfilled past ended). Default: the spec's price. */
  startPrices?: ReadonlyMap<string, number>;
  /** Per symbol, a later start than `startTime` (a symbol continued from stored bars starts now). */
  startTimes?: ReadonlyMap<string, number>;
  /** With "exchange", stocks and ETFs tick only in their session. Default "always". */
  marketHours?: MarketHoursMode;
}

interface SymbolState {
  spec: SymbolSpec;
  random: Random;
  /** Arrivals before this instant are in the same market phase (open or closed). */
  phaseUntil: number;
  open: boolean;
  decimals: number;
  /** Unrounded price; ticks carry it rounded to the tick size. */
  exact: number;
  lastTime: number;
  nextAt: number;
  seq: number;
}

export function decimalsOf(tickSize: number): number {
  const text = tickSize.toString();
  if (text.includes("e-")) return Number(text.split("e-")[1]);
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

export class Simulator {
  private readonly states: SymbolState[];
  private readonly rateMs: number;

  constructor(private readonly options: SimulatorOptions) {
    if (!(options.ratePerSymbol > 0)) throw new RangeError("ratePerSymbol must be > 0");
    this.rateMs = options.ratePerSymbol / 1000;
    this.states = options.specs.map((spec) => {
      const random = streamRandom(options.seed, `${spec.symbol}/live`);
      const startTime = options.startTimes?.get(spec.symbol) ?? options.startTime;
      return {
        spec,
        random,
        phaseUntil: -Infinity,
        open: true,
        decimals: decimalsOf(spec.tickSize),
        exact: options.startPrices?.get(spec.symbol) ?? spec.price,
        lastTime: startTime,
        nextAt: startTime + exponential(random, this.rateMs),
        seq: 0,
      };
    });
  }

  /** The earliest time at which a tick is due. */
  nextAt(): number {
    let min = Infinity;
    for (const s of this.states) if (s.nextAt < min) min = s.nextAt;
    return min;
  }

  /**
   * Emits every tick that arrives at or before `time`, in time order across symbols (each
   * symbol's in seq order). A catch-up after a long wait is one time-ordered stream too.
   */
  advanceTo(time: number, emit: (tick: Tick) => void): void {
    for (;;) {
      let s: SymbolState | undefined;
      for (const candidate of this.states) if (candidate.nextAt <= time && (!s || candidate.nextAt < s.nextAt)) s = candidate;
      if (!s) return;
      if (s.nextAt >= s.phaseUntil) this.enterPhase(s, s.nextAt);
      if (!s.open) {
        // Closed: no trades until the open, and the walk resumes there without an overnight jump.
        s.lastTime = s.phaseUntil;
        s.nextAt = s.phaseUntil + exponential(s.random, this.rateMs);
        continue;
      }
      emit(this.step(s, s.nextAt));
      s.nextAt += exponential(s.random, this.rateMs);
    }
  }

  private enterPhase(s: SymbolState, time: number): void {
    const phase = marketPhase(s.spec.kind, time, this.options.marketHours ?? "always");
    s.open = phase.state === "open";
    s.phaseUntil = phase.until;
  }

  private step(s: SymbolState, time: number): Tick {
    const { random, spec } = s;
    const dt = (time - s.lastTime) / msPerYear(spec);
    const sigma = spec.volatility;
    s.exact *= Math.exp((spec.drift - (sigma * sigma) / 2) * dt + sigma * Math.sqrt(dt) * normal(random));
    s.lastTime = time;
    s.seq += 1;
    const price = Math.max(spec.tickSize, roundTo(s.exact, spec.tickSize, s.decimals));
    return { symbol: spec.symbol, seq: s.seq, price, size: tradeSize(spec, price, random), ts: Math.floor(time) };
  }
}

/**
 * Trade sizes are log-normal (many small prints, a long tail of block trades). Stock sizes
 * of 100 or more are rounded to round lots, as most exchange prints are.
 */
export function tradeSize(spec: SymbolSpec, price: number, random: Random): number {
  const z = normal(random);
  if (spec.kind === "crypto") {
    const notional = Math.exp(Math.log(2000) + 1.4 * z);
    return Number((notional / price).toPrecision(4));
  }
  const raw = Math.exp(Math.log(100) + 1.1 * z);
  return raw >= 100 ? Math.round(raw / 100) * 100 : Math.max(1, Math.round(raw));
}

/**
 * The nearest multiple of `step`, as the double nearest its decimal (231.5, not 231.49999999997).
 * Integer arithmetic and one division: toFixed would be exact too, but is slow in a backfill.
 */
export function roundTo(value: number, step: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(Math.round(value / step) * step * scale) / scale;
}
