import { describe, expect, it } from "vitest";
import { addToBars, type SecondBar } from "./secondBars";

describe("addToBars", () => {
  it("folds ticks of one second into one bar: close price, summed size, last seq", () => {
    const bars: SecondBar[] = [];
    addToBars(bars, { seq: 1, price: 10, size: 2, ts: 1_000 });
    addToBars(bars, { seq: 2, price: 12, size: 3, ts: 1_999 });
    addToBars(bars, { seq: 3, price: 11, size: 1, ts: 2_000 });
    expect(bars).toEqual([
      { ts: 1_000, price: 12, size: 5, seq: 2 },
      { ts: 2_000, price: 11, size: 1, seq: 3 },
    ]);
  });

  it("replaces an updated bar instead of mutating it (published bars are shared)", () => {
    const first = { ts: 1_000, price: 10, size: 1, seq: 1 };
    const bars: SecondBar[] = [first];
    addToBars(bars, { seq: 2, price: 11, size: 1, ts: 1_500 });
    expect(first.price).toBe(10);
    expect(bars[0]).not.toBe(first);
  });

  it("folds a tick stamped before the newest bar into that bar", () => {
    const bars: SecondBar[] = [{ ts: 5_000, price: 10, size: 1, seq: 1 }];
    addToBars(bars, { seq: 2, price: 9, size: 1, ts: 4_200 });
    expect(bars).toEqual([{ ts: 5_000, price: 9, size: 2, seq: 2 }]);
  });
});
