import { describe, expect, it } from "vitest";
import { tradingDayStart } from "../bars/tradingDay";
import type { SnapshotMessage } from "../protocol";
import { createTickerStore } from "./tickerStore";
import { tick } from "./testSupport";

// 2026-03-10 15:00 UTC = 11:00 in New York, a Tuesday.
const T0 = Date.UTC(2026, 2, 10, 15, 0, 0);

function sessionSnapshot(symbol: string, overrides: Partial<SnapshotMessage> = {}): SnapshotMessage {
  return {
    type: "snapshot",
    symbol,
    seq: 2,
    resumed: false,
    open: 90,
    ticks: [
      { seq: 1, price: 101, size: 10, ts: T0 },
      { seq: 2, price: 102, size: 5, ts: T0 + 30_000 },
    ],
    prevClose: 100,
    dayOpen: 99,
    high: 103,
    low: 98,
    volume: 1_000,
    change: 2,
    changePct: 2,
    market: "open",
    ...overrides,
  };
}

describe("ticker store day stats", () => {
  it("measures change against the previous close and extends the day from live ticks", () => {
    const store = createTickerStore();
    store.getState().applyBatch([sessionSnapshot("AAPL")]);
    let s = store.getState().symbols.get("AAPL")!;
    expect(s.prevClose).toBe(100);
    expect(s.change).toBeCloseTo(2);
    expect(s.percent).toBeCloseTo(2);
    expect(s.day).toMatchObject({ dayOpen: 99, high: 103, low: 98, volume: 1_000, change: 2, changePct: 2 });
    expect(s.market).toBe("open");

    store.getState().applyBatch([tick("AAPL", 3, 104, 7, T0 + 61_000), tick("AAPL", 4, 97, 3, T0 + 62_000)]);
    s = store.getState().symbols.get("AAPL")!;
    expect(s.day).toMatchObject({ high: 104, low: 97, volume: 1_010, change: -3, changePct: -3 });
    expect(s.change).toBeCloseTo(-3);
    // The minute bars: the snapshot's minute closed, the next one is open.
    expect(s.minuteBars).toEqual([{ t: T0, o: 101, h: 102, l: 101, c: 102, v: 15, n: 2 }]);
    expect(s.minute).toEqual({ t: T0 + 60_000, o: 104, h: 104, l: 97, c: 97, v: 10, n: 2 });
  });

  it("turns the day over on the first tick of the next trading day", () => {
    const store = createTickerStore();
    store.getState().applyBatch([sessionSnapshot("AAPL")]);
    const nextDay = T0 + 24 * 3_600_000;
    store.getState().applyBatch([tick("AAPL", 3, 105, 1, T0 + 60_000), tick("AAPL", 4, 110, 2, nextDay)]);
    const s = store.getState().symbols.get("AAPL")!;
    expect(s.prevClose).toBe(105);
    expect(s.day).toMatchObject({ dayOpen: 110, high: 110, low: 110, volume: 2 });
    expect(s.dayBar).toEqual({ t: tradingDayStart(nextDay, "stock"), o: 110, h: 110, l: 110, c: 110, v: 2, n: 1 });
    expect(s.day.changePct).toBeCloseTo((5 / 105) * 100, 4);
  });

  it("takes day stats and the last price from a 1d bar subscription", () => {
    const store = createTickerStore();
    const day = tradingDayStart(T0, "stock");
    const bar = { t: day, o: 99, h: 103, l: 98, c: 101, v: 900, n: 9 };
    store.getState().applyBatch([sessionSnapshot("AAPL", { ticks: [], interval: "1d", bars: [bar] })]);
    expect(store.getState().symbols.get("AAPL")!.last).toBe(101);
    store.getState().applyBatch([
      { type: "bar", symbol: "AAPL", interval: "1d", bar: { ...bar, c: 95, l: 95, v: 950 }, closed: false, seq: 9 },
    ]);
    const s = store.getState().symbols.get("AAPL")!;
    expect(s.last).toBe(95);
    expect(s.day).toMatchObject({ low: 95, volume: 950, change: -5, changePct: -5 });
    expect(s.percent).toBeCloseTo(-5);
  });

  it("does not take the previous day's bar for today's before today's first trade", () => {
    const store = createTickerStore();
    const yesterday = { t: tradingDayStart(T0, "stock") - 86_400_000, o: 95, h: 101, l: 94, c: 100, v: 900, n: 9 };
    store.getState().applyBatch([
      sessionSnapshot("AAPL", { ticks: [], interval: "1d", bars: [yesterday], dayOpen: null, high: null, low: null, volume: 0, change: null, changePct: null }),
    ]);
    let s = store.getState().symbols.get("AAPL")!;
    expect(s.last).toBe(100);
    expect(s.day).toMatchObject({ prevClose: 100, dayOpen: null, high: null, change: null });
    expect(s.percent).toBe(0);
    // Today's first bar: the day starts against yesterday's close.
    const today = { t: tradingDayStart(T0, "stock"), o: 101, h: 102, l: 101, c: 102, v: 5, n: 1 };
    store.getState().applyBatch([{ type: "bar", symbol: "AAPL", interval: "1d", bar: today, closed: false, seq: 10 }]);
    s = store.getState().symbols.get("AAPL")!;
    expect(s.day).toMatchObject({ prevClose: 100, dayOpen: 101, change: 2, changePct: 2 });
  });

  it("falls back to the feed's open when the feed sends no previous close", () => {
    const store = createTickerStore();
    store.getState().applyBatch([sessionSnapshot("AAPL", { prevClose: undefined, dayOpen: undefined, high: undefined, low: undefined })]);
    const s = store.getState().symbols.get("AAPL")!;
    expect(s.prevClose).toBeNull();
    expect(s.percent).toBeCloseTo((12 / 90) * 100);
  });

  it("reads a closed market from a status frame", () => {
    const store = createTickerStore();
    store.getState().applyBatch([sessionSnapshot("AAPL"), { type: "status", symbol: "AAPL", state: "live", market: "closed" }]);
    expect(store.getState().symbols.get("AAPL")!.market).toBe("closed");
  });
});
