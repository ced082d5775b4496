import { describe, expect, it } from "vitest";
import type { Tick } from "../lib/protocol";
import { PublishRunner, TickMaker, type Timers } from "./schedule";

/** Timers and a clock the test moves by hand. */
function fakeTime() {
  let now = 1_000_000;
  let pending: { at: number; fn: () => void } | undefined;
  const timers: Timers = {
    setTimeout: (fn, ms) => (pending = { at: now + Math.max(1, ms), fn }),
    clearTimeout: () => (pending = undefined),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    while (pending && pending.at <= end) {
      const p = pending;
      pending = undefined;
      now = Math.max(now, p.at);
      p.fn();
    }
    now = end;
  };
  /** Time passes without any timer running, as when the event loop is blocked. */
  const block = (ms: number) => (now += ms);
  return { timers, now: () => now, advance, block };
}

const opens = new Map([
  ["A", 100],
  ["B", 50],
]);

describe("TickMaker", () => {
  it("numbers each symbol from 1 and gives the same prices for the same seed", () => {
    const a = new TickMaker(opens, 1);
    const b = new TickMaker(opens, 1);
    const ticks = [a.next("A", 1), a.next("B", 2), a.next("A", 3)];
    expect(ticks.map((t) => [t.symbol, t.seq])).toEqual([["A", 1], ["B", 1], ["A", 2]]);
    expect([b.next("A", 1), b.next("B", 2), b.next("A", 3)].map((t) => t.price)).toEqual(ticks.map((t) => t.price));
    expect(ticks.every((t) => t.price > 0 && Number.isInteger(t.size))).toBe(true);
  });

  it("keeps ts to the microsecond", () => {
    expect(new TickMaker(opens, 1).next("A", 1000.1236).ts).toBe(1000.124);
  });
});

describe("PublishRunner", () => {
  it("publishes the scheduled count, round-robin, and halts with the final seqs", () => {
    const t = fakeTime();
    const out: Tick[] = [];
    const runner = new PublishRunner(new TickMaker(opens, 1), (tick) => out.push(tick), t.now, t.timers);
    runner.start({ streams: [{ symbols: ["A", "B"], ratePerSecond: 100 }], prefillPerSymbol: 0 });
    t.advance(1000);
    const report = runner.halt();
    expect(out.length).toBe(101); // due at 0, 10, ..., 1000 ms
    expect(out.slice(0, 4).map((x) => x.symbol)).toEqual(["A", "B", "A", "B"]);
    expect(report.finalSeqs).toEqual({ A: 51, B: 50 });
    expect(report.emitted).toBe(101);
    t.advance(1000);
    expect(out.length).toBe(101);
  });

  it("catches up in a burst when the loop was late instead of skipping ticks, and reports the lag", () => {
    const t = fakeTime();
    const out: Tick[] = [];
    const runner = new PublishRunner(new TickMaker(opens, 1), (tick) => out.push(tick), t.now, t.timers);
    runner.start({ streams: [{ symbols: ["A"], ratePerSecond: 1000 }], prefillPerSymbol: 0 });
    t.block(50); // the event loop was busy: no timer ran for 50 ms
    t.advance(0);
    const report = runner.halt();
    expect(out.map((x) => x.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(report.lagMaxMs).toBeGreaterThanOrEqual(49);
  });

  it("prefills history once, and numbers on across restarts", () => {
    const t = fakeTime();
    const out: Tick[] = [];
    const runner = new PublishRunner(new TickMaker(opens, 1), (tick) => out.push(tick), t.now, t.timers);
    runner.start({ streams: [{ symbols: ["A"], ratePerSecond: 10 }], prefillPerSymbol: 5 });
    expect(out.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    runner.halt();
    runner.start({ streams: [{ symbols: ["A"], ratePerSecond: 10 }], prefillPerSymbol: 5 });
    expect(out.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(() => runner.start({ streams: [], prefillPerSymbol: 0 })).toThrow(/already/);
  });

  it("runs several streams at their own rates", () => {
    const t = fakeTime();
    const out: Tick[] = [];
    const runner = new PublishRunner(new TickMaker(opens, 1), (tick) => out.push(tick), t.now, t.timers);
    runner.start({ streams: [{ symbols: ["A"], ratePerSecond: 10 }, { symbols: ["B"], ratePerSecond: 100 }], prefillPerSymbol: 0 });
    t.advance(999);
    expect(runner.halt().finalSeqs).toEqual({ A: 10, B: 100 });
  });
});

describe("PublishRunner batching", () => {
  it("publishes what fell due together, at most every batchMs, losing nothing", () => {
    const t = fakeTime();
    const turns: number[] = [];
    let inTurn = 0;
    const runner = new PublishRunner(new TickMaker(opens, 1), () => inTurn++, t.now, {
      setTimeout: (fn, ms) =>
        t.timers.setTimeout(() => {
          inTurn = 0;
          fn();
          turns.push(inTurn);
        }, ms),
      clearTimeout: t.timers.clearTimeout,
    });
    runner.start({ streams: [{ symbols: ["A"], ratePerSecond: 1000 }], prefillPerSymbol: 0, batchMs: 5 });
    t.advance(100);
    expect(runner.halt().emitted).toBe(101);
    expect(Math.max(...turns)).toBeGreaterThanOrEqual(5);
  });
});
