import { describe, expect, it } from "vitest";
import { measureAggregation } from "./aggregation";
import { measureMemory } from "./memory";

describe("bench:bars (quick sizes)", () => {
  it("measures aggregation cost per tick", () => {
    const r = measureAggregation(10_000, 1, 1);
    expect(r.ticks).toBe(10_000);
    expect(r.nsPerTick).toBeGreaterThan(0);
    expect(r.coreShare).toBeCloseTo((r.nsPerTick * 10_000) / 1e9, 9);
  });

  it("bounds memory by the retention: 56 bytes a bar when full", () => {
    const r = measureMemory(Date.parse("2027-01-13T16:20:00Z"));
    expect(r.full.bars).toBe(36 * Object.values(r.retention).reduce((a, b) => a + b, 0));
    expect(r.full.bytes).toBe(r.full.bars * 56);
    expect(r.afterBackfill.bars).toBeGreaterThan(100_000);
  });
});
