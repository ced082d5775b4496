import { describe, expect, it } from "vitest";
import { distribution, percentile } from "./stats";

describe("percentile", () => {
  it("uses the nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("distribution", () => {
  it("sorts its input and reports count, mean and max", () => {
    expect(distribution([3, 1, 2])).toEqual({ count: 3, mean: 2, p50: 2, p95: 3, p99: 3, max: 3 });
  });
});
