import { describe, expect, it } from "vitest";
import type { Tick } from "./protocol";
import { Simulator } from "./simulator";
import { DEFAULT_UNIVERSE, type SymbolSpec } from "./universe";

function run(seed: number, specs: readonly SymbolSpec[], rate: number, untilMs: number): Tick[] {
  const sim = new Simulator({ specs, ratePerSymbol: rate, seed, startTime: 0 });
  const ticks: Tick[] = [];
  // Advance in uneven steps, as a real timer would.
  for (let t = 0; t <= untilMs; t += 37) sim.advanceTo(t, (tick) => ticks.push(tick));
  return ticks;
}

const fine: SymbolSpec = { symbol: "TEST", price: 10_000, drift: 0, volatility: 0.4, tickSize: 0.0001, kind: "crypto", sector: "Crypto" };

function runInSteps(seed: number, specs: readonly SymbolSpec[], untilMs: number, step: (i: number) => number): Map<string, Tick[]> {
  const sim = new Simulator({ specs, ratePerSymbol: 5, seed, startTime: 0 });
  const bySymbol = new Map<string, Tick[]>();
  for (let t = 0, i = 0; t < untilMs; i++) {
    t = Math.min(untilMs, t + step(i));
    sim.advanceTo(t, (tick) => bySymbol.set(tick.symbol, [...(bySymbol.get(tick.symbol) ?? []), tick]));
  }
  return bySymbol;
}

describe("Simulator", () => {
  it("gives each symbol the same ticks whatever the timing of advanceTo calls (same seed)", () => {
    // A timer that fires late or early changes how many arrivals one call covers; with one
    // shared random stream that reordered the draws and 37 of 50 prices differed at equal seqs.
    const steady = runInSteps(42, DEFAULT_UNIVERSE, 20_000, () => 1000);
    const jittery = runInSteps(42, DEFAULT_UNIVERSE, 20_000, (i) => [3, 250, 17, 1900, 41][i % 5]!);
    expect(steady.size).toBe(DEFAULT_UNIVERSE.length);
    for (const [symbol, ticks] of steady) expect(jittery.get(symbol), symbol).toEqual(ticks);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const a = run(42, DEFAULT_UNIVERSE, 5, 5_000);
    const b = run(42, DEFAULT_UNIVERSE, 5, 5_000);
    const c = run(43, DEFAULT_UNIVERSE, 5, 5_000);
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("numbers each symbol's ticks from 1 with no gap, in time order", () => {
    const ticks = run(7, DEFAULT_UNIVERSE.slice(0, 5), 20, 10_000);
    const bySymbol = new Map<string, Tick[]>();
    for (const t of ticks) bySymbol.set(t.symbol, [...(bySymbol.get(t.symbol) ?? []), t]);
    expect(bySymbol.size).toBe(5);
    for (const list of bySymbol.values()) {
      list.forEach((t, i) => {
        expect(t.seq).toBe(i + 1);
        if (i > 0) expect(t.ts).toBeGreaterThanOrEqual(list[i - 1]!.ts);
      });
    }
  });

  it("arrivals are Poisson at the configured rate", () => {
    const rate = 5;
    const ticks = run(1, [fine], rate, 2_000_000);
    const gaps = ticks.slice(1).map((t, i) => t.ts - ticks[i]!.ts);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const variance = gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length;
    expect(mean).toBeGreaterThan(190);
    expect(mean).toBeLessThan(210);
    // Exponential inter-arrival times have standard deviation equal to their mean.
    expect(Math.sqrt(variance) / mean).toBeGreaterThan(0.9);
    expect(Math.sqrt(variance) / mean).toBeLessThan(1.1);
  });

  it("log returns match the configured volatility", () => {
    const ticks = run(2, [fine], 5, 2_000_000);
    const year = 365 * 24 * 3600 * 1000;
    let sumSq = 0;
    let time = 0;
    for (let i = 1; i < ticks.length; i++) {
      const r = Math.log(ticks[i]!.price / ticks[i - 1]!.price);
      sumSq += r * r;
      time += ticks[i]!.ts - ticks[i - 1]!.ts;
    }
    const realised = Math.sqrt(sumSq / (time / year));
    expect(realised).toBeGreaterThan(0.36);
    expect(realised).toBeLessThan(0.44);
  });

  it("rounds prices to the tick size and keeps them positive", () => {
    const ticks = run(3, DEFAULT_UNIVERSE, 5, 20_000);
    for (const t of ticks) {
      expect(t.price).toBeGreaterThan(0);
      expect(Number.isFinite(t.price)).toBe(true);
    }
    const aapl = ticks.filter((t) => t.symbol === "AAPL");
    for (const t of aapl) expect(Math.abs(t.price * 100 - Math.round(t.price * 100))).toBeLessThan(1e-6);
  });

  it("draws right-skewed trade sizes in round lots above 100", () => {
    const ticks = run(4, [DEFAULT_UNIVERSE[0]!], 50, 400_000);
    const sizes = ticks.map((t) => t.size).sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)]!;
    const mean = sizes.reduce((s, x) => s + x, 0) / sizes.length;
    expect(mean).toBeGreaterThan(median * 1.3);
    expect(sizes[0]).toBeGreaterThanOrEqual(1);
    for (const s of sizes) {
      expect(Number.isInteger(s)).toBe(true);
      if (s >= 100) expect(s % 100).toBe(0);
    }
  });
});

describe("Simulator market hours", () => {
  it('with "exchange", stocks are silent outside the session and crypto trades on', () => {
    // Friday 6 March 2026 15:59 New York (EST) to Monday 9 March 09:31 (EDT).
    const from = Date.parse("2026-03-06T20:59:00Z");
    const specs = DEFAULT_UNIVERSE.filter((s) => s.symbol === "AAPL" || s.symbol === "BTC-USD");
    const sim = new Simulator({ specs, ratePerSymbol: 2, seed: 5, startTime: from, marketHours: "exchange" });
    const ticks: Tick[] = [];
    sim.advanceTo(Date.parse("2026-03-09T13:31:00Z"), (t) => ticks.push(t));
    const aapl = ticks.filter((t) => t.symbol === "AAPL");
    const closed = aapl.filter((t) => t.ts >= Date.parse("2026-03-06T21:00:00Z") && t.ts < Date.parse("2026-03-09T13:30:00Z"));
    expect(aapl.length).toBeGreaterThan(100); // the last minute on Friday and the first on Monday
    expect(closed).toEqual([]);
    expect(aapl.at(-1)!.ts).toBeGreaterThanOrEqual(Date.parse("2026-03-09T13:30:00Z"));
    expect(ticks.filter((t) => t.symbol === "BTC-USD").length).toBeGreaterThan(400_000);
  });
});

describe("Simulator order", () => {
  it("emits a catch-up across symbols in time order", () => {
    const sim = new Simulator({ specs: DEFAULT_UNIVERSE.slice(0, 6), ratePerSymbol: 50, seed: 3, startTime: 0 });
    const ts: number[] = [];
    sim.advanceTo(60_000, (t) => ts.push(t.ts));
    expect(ts.length).toBeGreaterThan(10_000);
    expect(ts.every((t, i) => i === 0 || t >= ts[i - 1]!)).toBe(true);
  });
});
