import { describe, expect, it } from "vitest";
import { bucketize, seriesFor } from "./chartData";

const at = (seq: number, ts: number, price: number, size = 1) => ({ seq, ts, price, size });

describe("bucketize", () => {
  it("returns nothing for no history", () => {
    expect(bucketize([], 60_000, 10)).toEqual([]);
  });

  it("keeps only the window ending at the newest tick", () => {
    const history = [at(1, 0, 1), at(2, 30_000, 2), at(3, 70_000, 3), at(4, 100_000, 4)];
    const points = bucketize(history, 60_000, 60);
    expect(points.map((p) => p.price)).toEqual([3, 4]);
  });

  it("merges ticks of one slot into close price and summed volume", () => {
    const history = [at(1, 1_000, 10, 2), at(2, 1_500, 11, 3), at(3, 9_000, 12, 1), at(4, 10_000, 13, 4)];
    const points = bucketize(history, 10_000, 2);
    expect(points).toEqual([
      { t: 1_500, price: 11, volume: 5 },
      { t: 10_000, price: 13, volume: 5 },
    ]);
  });

  it("never returns more points than buckets", () => {
    const history = Array.from({ length: 2_000 }, (_, i) => at(i + 1, i * 100, 100 + Math.sin(i)));
    expect(bucketize(history, 300_000, 120).length).toBeLessThanOrEqual(120);
  });
});

describe("seriesFor", () => {
  const bars = [at(1, 0, 1), at(50, 1_000, 2), at(90, 100_000, 3)];

  it("uses raw ticks when they cover the window", () => {
    const history = [at(80, 30_000, 1), at(90, 100_000, 3)];
    expect(seriesFor(history, bars, 60_000)).toBe(history);
  });

  it("falls back to one-second bars when the raw ticks do not reach back far enough", () => {
    const history = [at(80, 90_000, 1), at(90, 100_000, 3)];
    expect(seriesFor(history, bars, 60_000)).toBe(bars);
  });

  it("keeps raw ticks when nothing older exists anyway", () => {
    const history = [at(1, 0, 1), at(90, 100_000, 3)];
    expect(seriesFor(history, bars, 900_000)).toBe(history);
    expect(seriesFor([], [], 60_000)).toEqual([]);
  });
});
