import { describe, expect, it } from "vitest";
import type { Tick } from "../../lib/protocol";
import { FakeClock } from "../testing/fakeClock";
import type { SourceSink } from "../tickSource";
import type { ReplayTick } from "./replayFile";
import { ReplaySource, type ReplaySourceOptions } from "./replaySource";

const T0 = 1_764_095_000_000;

/** A sink that keeps every tick; the other source events are not used by replay. */
function collect(): { sink: SourceSink; ticks: Tick[] } {
  const ticks: Tick[] = [];
  const unused = () => {
    throw new Error("replay should only emit ticks");
  };
  return { ticks, sink: { tick: (t) => ticks.push(t), status: unused, addSymbol: unused, reset: unused, epoch: unused, report: unused } };
}

function setup(ticks: readonly ReplayTick[], options: Partial<ReplaySourceOptions> = {}) {
  const clock = new FakeClock();
  const source = new ReplaySource({ ticks, speed: "max", loop: false, now: clock.now, timers: clock, ...options });
  const out = collect();
  source.start(out.sink);
  return { clock, source, out: out.ticks };
}

/** Recorded at T0 + offsets (ms): AAPL, MSFT, AAPL together, then spaced out. */
const RECORDING: ReplayTick[] = [
  { symbol: "AAPL", price: 231.5, size: 100, ts: T0 },
  { symbol: "MSFT", price: 420, size: 10, ts: T0 + 100 },
  { symbol: "AAPL", price: 231.52, size: 200, ts: T0 + 100 },
  { symbol: "AAPL", price: 231.49, size: 0, ts: T0 + 1000 },
  { symbol: "MSFT", price: 420.1, size: 5, ts: T0 + 2500 },
];

function many(count: number): ReplayTick[] {
  const symbols = ["AAPL", "MSFT", "BTC-USD"];
  return Array.from({ length: count }, (_, i) => ({ symbol: symbols[i % 3]!, price: 100 + i / 100, size: i, ts: T0 + i * 7 }));
}

describe("ReplaySource", () => {
  it("offers every symbol of the recording with its first price as open", () => {
    const source = new ReplaySource({ ticks: RECORDING, speed: 1, loop: false, now: () => 0, timers: new FakeClock() });
    expect(source.kind).toBe("replay");
    expect([...source.opens]).toEqual([
      ["AAPL", 231.5],
      ["MSFT", 420],
    ]);
  });

  it('at "max" emits exactly the recording, seqs contiguous per symbol, in chunks of chunkSize per timer turn', () => {
    const recording = many(1234);
    const { clock, source, out } = setup(recording, { chunkSize: 500 });
    expect(out).toHaveLength(0); // nothing inside start()
    clock.advance(0);
    expect(out).toHaveLength(1234);
    expect(out.map(({ symbol, price, size }) => ({ symbol, price, size }))).toEqual(recording.map(({ symbol, price, size }) => ({ symbol, price, size })));
    for (const symbol of ["AAPL", "MSFT", "BTC-USD"]) {
      const seqs = out.filter((t) => t.symbol === symbol).map((t) => t.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    // The first tick is stamped with the start time; recorded spacing is kept after it.
    expect(out[0]!.ts).toBe(clock.time);
    expect(out[1233]!.ts - out[0]!.ts).toBe(1233 * 7);
    expect(source.health()).toEqual({ replay: { speed: "max", loop: false, position: 1234, total: 1234, loops: 1, finished: true } });
    expect(clock.timerCount).toBe(0);
  });

  it('at "max" yields to the event loop between chunks', () => {
    const clock = new FakeClock();
    const source = new ReplaySource({ ticks: many(1200), speed: "max", loop: false, now: clock.now, timers: clock, chunkSize: 500 });
    const seen: number[] = [];
    const timers = clock.setTimeout.bind(clock);
    // Count how many ticks each timer turn emitted.
    let inTurn = 0;
    clock.setTimeout = (fn, ms) =>
      timers(() => {
        inTurn = 0;
        fn();
        seen.push(inTurn);
      }, ms);
    source.start({ ...collect().sink, tick: () => inTurn++ });
    clock.advance(0);
    expect(seen).toEqual([500, 500, 200]);
  });

  it("at speed 1 emits each tick when the clock reaches its recorded offset, not before", () => {
    const { clock, out } = setup(RECORDING, { speed: 1 });
    const start = clock.time;
    clock.advance(0);
    expect(out.map((t) => t.ts)).toEqual([start]);
    clock.advance(99);
    expect(out).toHaveLength(1);
    clock.advance(1); // +100: both ticks recorded at +100 arrive in one wakeup
    expect(out.map((t) => [t.symbol, t.seq, t.ts - start])).toEqual([
      ["AAPL", 1, 0],
      ["MSFT", 1, 100],
      ["AAPL", 2, 100],
    ]);
    clock.advance(899);
    expect(out).toHaveLength(3);
    clock.advance(1);
    expect(out).toHaveLength(4);
    clock.advance(1499);
    expect(out).toHaveLength(4);
    clock.advance(1);
    expect(out.map((t) => t.ts - start)).toEqual([0, 100, 100, 1000, 2500]);
    expect(out[4]).toMatchObject({ symbol: "MSFT", seq: 2, price: 420.1, size: 5 });
    // Finished: nothing scheduled, symbols still offered.
    expect(clock.timerCount).toBe(0);
    clock.advance(60_000);
    expect(out).toHaveLength(5);
  });

  it("at speed 10 emits at a tenth of the recorded offsets, keeping recorded timestamps", () => {
    const { clock, out } = setup(RECORDING, { speed: 10 });
    const start = clock.time;
    clock.advance(9);
    expect(out).toHaveLength(1);
    clock.advance(1); // +10 = recorded +100
    expect(out).toHaveLength(3);
    clock.advance(89);
    expect(out).toHaveLength(3);
    clock.advance(1); // +100 = recorded +1000
    expect(out).toHaveLength(4);
    clock.advance(149);
    expect(out).toHaveLength(4);
    clock.advance(1); // +250 = recorded +2500
    expect(out.map((t) => t.ts - start)).toEqual([0, 100, 100, 1000, 2500]);
  });

  it("waits startDelayMs before the first tick and stamps it with that time", () => {
    const { clock, out } = setup(RECORDING, { speed: 1, startDelayMs: 500 });
    const start = clock.time;
    clock.advance(499);
    expect(out).toHaveLength(0);
    clock.advance(1);
    expect(out[0]!.ts).toBe(start + 500);
  });

  it("loops with seqs continuing and ts moving strictly forward across the boundary", () => {
    const { clock, source, out } = setup(RECORDING, { speed: 1, loop: true });
    const start = clock.time;
    // One loop lasts 2500 ms plus the mean gap of 625 ms; run three of them.
    clock.advance(3 * 3125 - 1);
    expect(out).toHaveLength(15); // the first tick of the fourth pass is 1 ms away
    expect(source.health()).toMatchObject({ replay: { position: 0, total: 5, loops: 3, finished: false } });
    clock.advance(1);
    expect(out[15]).toMatchObject({ symbol: "AAPL", seq: 10, ts: start + 3 * 3125 });
    expect(out.slice(0, 6).map((t) => t.ts - start)).toEqual([0, 100, 100, 1000, 2500, 3125]);
    expect(out.filter((t) => t.symbol === "AAPL").map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(out.filter((t) => t.symbol === "MSFT").map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < out.length; i++) expect(out[i]!.ts).toBeGreaterThanOrEqual(out[i - 1]!.ts);
    for (const boundary of [5, 10, 15]) expect(out[boundary]!.ts).toBeGreaterThan(out[boundary - 1]!.ts);
  });

  it('loops at "max" too, one tick 1 ms after the last when the recording has a single tick', () => {
    const clock = new FakeClock();
    const source = new ReplaySource({ ticks: [RECORDING[0]!], speed: "max", loop: true, now: clock.now, timers: clock, chunkSize: 7 });
    const out: Tick[] = [];
    source.start({
      ...collect().sink,
      tick: (t) => {
        out.push(t);
        if (out.length === 20) source.stop(); // a looping "max" replay never ends on its own
      },
    });
    clock.advance(0);
    expect(out.map((t) => t.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(out.map((t) => t.ts - out[0]!.ts)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(source.running).toBe(false);
    expect(clock.timerCount).toBe(0);
  });

  it("stop cancels the pending timer; start plays from the first tick again with seq 1", () => {
    const { clock, source, out } = setup(RECORDING, { speed: 1 });
    clock.advance(100);
    source.stop();
    expect(clock.timerCount).toBe(0);
    expect(() => source.stop()).not.toThrow();
    const again = collect();
    source.start(again.sink);
    expect(() => source.start(again.sink)).toThrow(/already started/);
    clock.advance(0);
    expect(again.ticks[0]).toMatchObject({ symbol: "AAPL", seq: 1, ts: clock.time });
    expect(out).toHaveLength(3);
  });

  it("names the file in health()", () => {
    const { source } = setup(RECORDING, { file: "data/x.ndjson", speed: 10 });
    expect(source.health()).toEqual({ replay: { file: "data/x.ndjson", speed: 10, loop: false, position: 0, total: 5, loops: 0, finished: false } });
  });

  it("plays only the symbols asked for, naming any the recording lacks", () => {
    const { clock, source, out } = setup(RECORDING, { symbols: ["MSFT"] });
    expect([...source.opens.keys()]).toEqual(["MSFT"]);
    clock.advance(0);
    expect(out.map((t) => [t.symbol, t.seq, t.price])).toEqual([
      ["MSFT", 1, 420],
      ["MSFT", 2, 420.1],
    ]);
    const base = { ticks: RECORDING, speed: 1 as const, loop: false, now: () => 0, timers: new FakeClock() };
    expect(() => new ReplaySource({ ...base, symbols: ["MSFT", "NVDA"] })).toThrow("the recording has no ticks of NVDA (it has AAPL, MSFT)");
  });

  it("refuses options it cannot play", () => {
    const base = { speed: 1 as const, loop: false, now: () => 0, timers: new FakeClock() };
    expect(() => new ReplaySource({ ...base, ticks: [] })).toThrow("replay needs at least one tick");
    expect(() => new ReplaySource({ ...base, ticks: [RECORDING[1]!, RECORDING[0]!] })).toThrow(/time order: tick 1/);
    expect(() => new ReplaySource({ ...base, ticks: RECORDING, chunkSize: 0 })).toThrow(/chunkSize/);
    expect(() => new ReplaySource({ ...base, ticks: RECORDING, startDelayMs: -1 })).toThrow(/startDelayMs/);
  });
});
