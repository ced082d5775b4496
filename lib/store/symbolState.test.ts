import { describe, expect, it } from "vitest";
import { draftSnapshot, draftTick, emptySymbol, finishDraft, startDraft, type SymbolState } from "./symbolState";
import { point, snapshot, tick } from "./testSupport";
import type { SnapshotMessage, TickPoint } from "../protocol";

function apply(state: SymbolState, steps: (SnapshotMessage | (TickPoint & { type: "tick" }))[], max = 100): SymbolState {
  const draft = startDraft(state);
  for (const step of steps) {
    if (step.type === "snapshot") draftSnapshot(draft, step);
    else draftTick(draft, step);
  }
  return finishDraft(draft, { maxHistory: max, maxBars: 900 });
}

describe("symbol maths", () => {
  it("derives last, change, percent, high, low and volume from snapshot and ticks", () => {
    const s = apply(emptySymbol("AAPL"), [
      snapshot("AAPL", 100, [point(1, 101, 10), point(2, 99, 5)]),
      tick("AAPL", 3, 104, 20),
      tick("AAPL", 4, 102, 1),
    ]);
    expect(s.last).toBe(102);
    expect(s.open).toBe(100);
    expect(s.change).toBeCloseTo(2);
    expect(s.percent).toBeCloseTo(2);
    expect(s.high).toBe(104);
    expect(s.low).toBe(99);
    expect(s.volume).toBe(36);
    expect(s.seq).toBe(4);
    expect(s.direction).toBe(-1);
  });

  it("reports a falling price as a negative change and percent", () => {
    const s = apply(emptySymbol("X"), [snapshot("X", 200, []), tick("X", 1, 150)]);
    expect(s.change).toBe(-50);
    expect(s.percent).toBe(-25);
    expect(s.direction).toBe(-1);
  });

  it("uses the open as last price before any tick, with zero change", () => {
    const s = apply(emptySymbol("X"), [snapshot("X", 50, [])]);
    expect(s.last).toBe(50);
    expect(s.change).toBe(0);
    expect(s.percent).toBe(0);
    expect(s.high).toBeNull();
    expect(s.volume).toBe(0);
  });

  it("has no percent for a zero open and no change without an open", () => {
    expect(apply(emptySymbol("Z"), [snapshot("Z", 0, [point(1, 1)])]).percent).toBeNull();
    const noOpen = apply(emptySymbol("Z"), [tick("Z", 1, 5)]);
    expect(noOpen.last).toBe(5);
    expect(noOpen.change).toBeNull();
  });

  it("ignores duplicate and older ticks", () => {
    const s = apply(emptySymbol("X"), [snapshot("X", 10, [point(5, 11)]), tick("X", 5, 99), tick("X", 3, 98)]);
    expect(s.last).toBe(11);
    expect(s.history).toHaveLength(1);
    expect(s.volume).toBe(1);
  });
});

describe("snapshots", () => {
  it("resumed:false replaces history and session stats", () => {
    const before = apply(emptySymbol("X"), [snapshot("X", 10, [point(1, 10), point(2, 30, 7)])]);
    const after = apply(before, [snapshot("X", 20, [point(1, 21, 2), point(2, 22, 3)])]);
    expect(after.history.map((p) => p.price)).toEqual([21, 22]);
    expect(after.high).toBe(22);
    expect(after.volume).toBe(5);
    expect(after.open).toBe(20);
    expect(after.seq).toBe(2);
  });

  it("resumed:true appends after what we have and keeps the session stats", () => {
    const before = apply(emptySymbol("X"), [snapshot("X", 10, [point(1, 10, 1), point(2, 12, 1)])]);
    const after = apply(before, [snapshot("X", 10, [point(2, 12, 1), point(3, 9, 4), point(4, 11, 1)], true)]);
    expect(after.history.map((p) => p.seq)).toEqual([1, 2, 3, 4]);
    expect(after.low).toBe(9);
    expect(after.high).toBe(12);
    expect(after.volume).toBe(7);
    expect(after.last).toBe(11);
  });

  it("clears stale and unknown, and takes the snapshot seq even without ticks", () => {
    const stale = { ...emptySymbol("X"), stale: true, unknown: true };
    const s = apply(stale, [{ type: "snapshot", symbol: "X", seq: 42, resumed: true, open: 5, ticks: [] }]);
    expect(s.stale).toBe(false);
    expect(s.unknown).toBe(false);
    expect(s.seq).toBe(42);
  });
});

describe("bounded history", () => {
  it("keeps only the newest points across batches", () => {
    let s = apply(emptySymbol("X"), [snapshot("X", 1, [point(1, 1), point(2, 2), point(3, 3)])], 5);
    s = apply(s, [tick("X", 4, 4), tick("X", 5, 5), tick("X", 6, 6), tick("X", 7, 7)], 5);
    expect(s.history.map((p) => p.seq)).toEqual([3, 4, 5, 6, 7]);
    // Stats still cover the whole session, not just the retained points.
    expect(s.volume).toBe(7);
    expect(s.low).toBe(1);
  });

  it("keeps the newest points when one batch alone exceeds the bound", () => {
    const ticks = Array.from({ length: 50 }, (_, i) => point(i + 1, 100 + i));
    const s = apply(emptySymbol("X"), [snapshot("X", 100, ticks)], 10);
    expect(s.history).toHaveLength(10);
    expect(s.history[0]!.seq).toBe(41);
    expect(s.history[9]!.seq).toBe(50);
  });

  it("publishes a new history array only when points were added", () => {
    const s = apply(emptySymbol("X"), [snapshot("X", 1, [point(1, 1)])]);
    const same = finishDraft(startDraft(s), { maxHistory: 100, maxBars: 900 });
    expect(same.history).toBe(s.history);
    expect(same.bars).toBe(s.bars);
    const more = apply(s, [tick("X", 2, 2)]);
    expect(more.history).not.toBe(s.history);
    expect(s.history).toHaveLength(1);
  });
});

describe("one-second bars", () => {
  it("are built alongside the history and reset by a replacing snapshot", () => {
    const s = apply(emptySymbol("X"), [
      snapshot("X", 1, [point(1, 10, 1, 5_000), point(2, 11, 2, 5_900)]),
      tick("X", 3, 12, 4, 6_100),
    ]);
    expect(s.bars).toEqual([
      { ts: 5_000, price: 11, size: 3, seq: 2 },
      { ts: 6_000, price: 12, size: 4, seq: 3 },
    ]);
    const replaced = apply(s, [snapshot("X", 1, [point(1, 20, 1, 9_000)])]);
    expect(replaced.bars).toEqual([{ ts: 9_000, price: 20, size: 1, seq: 1 }]);
  });

  it("keep covering long windows after the raw history has rolled over", () => {
    let s = apply(emptySymbol("X"), [snapshot("X", 1, [])]);
    for (let sec = 0; sec < 1_000; sec++) {
      // ten ticks per second, so 2 000 raw points would cover only 200 s
      const ticks = Array.from({ length: 10 }, (_, i) => tick("X", sec * 10 + i + 1, 1, 1, sec * 1_000 + i * 100));
      s = apply(s, ticks, 2_000);
    }
    expect(s.history).toHaveLength(2_000);
    expect(s.bars).toHaveLength(900);
    expect(s.bars[0]!.ts).toBe(100_000);
    expect(s.bars[899]!.size).toBe(10);
  });
});
