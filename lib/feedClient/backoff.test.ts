import { describe, expect, it } from "vitest";
import { fullJitterDelay } from "./backoff";

const opts = { baseMs: 250, maxMs: 10_000 };

/** A seeded LCG, so the "many random draws" checks are reproducible. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("fullJitterDelay", () => {
  it("is random() times the window base * 2^attempt", () => {
    expect(fullJitterDelay(0, opts, () => 0.5)).toBe(125);
    expect(fullJitterDelay(1, opts, () => 0.5)).toBe(250);
    expect(fullJitterDelay(3, opts, () => 0.25)).toBe(500);
  });

  it("grows with the attempt until the cap, then stays there", () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => fullJitterDelay(attempt, opts, () => 0.999));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays[0]).toBeLessThan(250);
    expect(delays[5]).toBeGreaterThan(delays[4]!);
    expect(delays[8]).toBeCloseTo(9_990, 0);
  });

  it("never exceeds the cap and is never negative, for any attempt and random draw", () => {
    const random = seeded(42);
    for (let attempt = 0; attempt < 2_000; attempt++) {
      const delay = fullJitterDelay(attempt, opts, random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(opts.maxMs, opts.baseMs * 2 ** attempt));
    }
  });

  it("uses the whole window (full jitter, not equal jitter)", () => {
    const random = seeded(7);
    const samples = Array.from({ length: 500 }, () => fullJitterDelay(10, opts, random));
    expect(Math.min(...samples)).toBeLessThan(opts.maxMs * 0.05);
    expect(Math.max(...samples)).toBeGreaterThan(opts.maxMs * 0.95);
  });

  it("stays within bounds when the injected random or the attempt misbehaves", () => {
    expect(fullJitterDelay(2, opts, () => 1.5)).toBe(1_000);
    expect(fullJitterDelay(2, opts, () => -1)).toBe(0);
    expect(fullJitterDelay(2, opts, () => Number.NaN)).toBe(0);
    expect(fullJitterDelay(-3, opts, () => 0.999)).toBeLessThan(250);
    expect(fullJitterDelay(Number.POSITIVE_INFINITY, opts, () => 0.5)).toBe(125);
    expect(fullJitterDelay(5_000, opts, () => 0.5)).toBe(5_000);
  });
});
