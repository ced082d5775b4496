import { describe, expect, it } from "vitest";
import { AddressLimiter, clientAddress } from "./addressLimiter";

describe("AddressLimiter", () => {
  it("allows a burst of perMinute, then refills one request per 60/perMinute seconds", () => {
    let t = 0;
    const limiter = new AddressLimiter(6, () => t);
    const burst = Array.from({ length: 8 }, () => limiter.take("a"));
    expect(burst).toEqual([true, true, true, true, true, true, false, false]);
    expect(limiter.take("b")).toBe(true);
    t += 9_999;
    expect(limiter.take("a")).toBe(false);
    t += 1;
    expect(limiter.take("a")).toBe(true);
    expect(limiter.retryAfterSeconds).toBe(10);
  });

  it("keeps its table bounded when addresses keep coming", () => {
    let t = 0;
    const limiter = new AddressLimiter(1, () => t, 100);
    for (let i = 0; i < 1_000; i++) {
      t += 1;
      limiter.take(`10.0.${i >> 8}.${i & 255}`);
    }
    // The most recent address is still limited (its bucket was kept), and the table stayed small.
    expect(limiter.take("10.0.3.231")).toBe(false);
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});

describe("clientAddress", () => {
  it("uses the last X-Forwarded-For entry behind a trusted proxy, the whole header otherwise", () => {
    expect(clientAddress("1.1.1.1, 203.0.113.5", true)).toBe("203.0.113.5");
    expect(clientAddress("1.1.1.1, 203.0.113.5", false)).toBe("1.1.1.1, 203.0.113.5");
    expect(clientAddress("127.0.0.1", false)).toBe("127.0.0.1");
    expect(clientAddress(null, true)).toBe("unknown");
  });
});
