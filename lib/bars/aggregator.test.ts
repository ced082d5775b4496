import { describe, expect, it } from "vitest";
import { BarAggregator } from "./aggregator";
import { dayStats } from "./dayStats";
import type { Bar, Interval } from "./types";

const Z = (iso: string) => Date.parse(iso);

function collecting(kind: "stock" | "crypto" = "stock") {
  const closed: { interval: Interval; bar: Bar; seq: number }[] = [];
  const agg = new BarAggregator(kind, (interval, bar, seq) => closed.push({ interval, bar: { ...bar }, seq }));
  let seq = 0;
  const add = (iso: string | number, price: number, size = 1) =>
    agg.add({ ts: typeof iso === "number" ? iso : Z(iso), price, size, seq: ++seq });
  return { agg, closed, add };
}

describe("BarAggregator", () => {
  it("folds ticks into open, high, low, close, volume and count", () => {
    const { agg, add } = collecting();
    add("2026-05-05T14:37:01Z", 10, 100);
    add("2026-05-05T14:37:20Z", 12, 50);
    add("2026-05-05T14:37:40Z", 9, 25);
    add("2026-05-05T14:37:59.999Z", 11, 5);
    expect(agg.current("1m")).toEqual({
      bar: { t: Z("2026-05-05T14:37:00Z"), o: 10, h: 12, l: 9, c: 11, v: 180, n: 4 },
      end: Z("2026-05-05T14:38:00Z"),
      seq: 4,
    });
  });

  it("a tick exactly on a boundary closes the bar and opens the next with it", () => {
    const { agg, closed, add } = collecting();
    add("2026-05-05T14:37:30Z", 10);
    add("2026-05-05T14:38:00Z", 11);
    const oneMinute = closed.filter((c) => c.interval === "1m");
    expect(oneMinute).toEqual([{ interval: "1m", bar: { t: Z("2026-05-05T14:37:00Z"), o: 10, h: 10, l: 10, c: 10, v: 1, n: 1 }, seq: 1 }]);
    expect(agg.current("1m")?.bar).toMatchObject({ t: Z("2026-05-05T14:38:00Z"), o: 11, n: 1 });
    // 5m did not close: 14:38 is inside 14:35-14:40.
    expect(closed.some((c) => c.interval === "5m")).toBe(false);
  });

  it("refuses out-of-order input and keeps its bars untouched", () => {
    const { agg, add } = collecting();
    expect(add("2026-05-05T14:37:30Z", 10)).toBeUndefined();
    const before = structuredClone(agg.current("1s"));
    expect(add("2026-05-05T14:37:29Z", 99)).toMatch(/out of order/);
    expect(agg.current("1s")).toEqual(before);
    expect(add("2026-05-05T14:37:31Z", Number.NaN)).toMatch(/non-finite/);
  });

  it("refuses a late tick for a bar closed on time", () => {
    const { agg, closed, add } = collecting();
    add("2026-05-05T14:37:30Z", 10);
    agg.closeBefore(Z("2026-05-05T14:38:00Z"));
    expect(closed.map((c) => c.interval).sort()).toEqual(["1m", "1s"]);
    expect(agg.current("1m")).toBeUndefined();
    expect(agg.current("5m")).toBeDefined();
  });

  it("daily bars follow the New York day across the spring-forward switch", () => {
    const { closed, add } = collecting("stock");
    add("2026-03-08T04:59:59.999Z", 10); // Saturday 23:59:59.999 EST
    add("2026-03-08T05:00:00Z", 11); // Sunday 00:00 EST: a new day
    add("2026-03-09T03:59:59Z", 12); // Sunday 23:59:59 EDT: same day (23 h long)
    add("2026-03-09T04:00:00Z", 13); // Monday 00:00 EDT
    const days = closed.filter((c) => c.interval === "1d").map((c) => [c.bar.t, c.bar.o, c.bar.c]);
    expect(days).toEqual([
      [Z("2026-03-07T05:00:00Z"), 10, 10],
      [Z("2026-03-08T05:00:00Z"), 11, 12],
    ]);
  });

  it("crypto days are UTC days", () => {
    const { closed, add } = collecting("crypto");
    add("2026-11-01T23:59:59Z", 1);
    add("2026-11-02T00:00:00Z", 2);
    expect(closed.filter((c) => c.interval === "1d").map((c) => c.bar.t)).toEqual([Z("2026-11-01T00:00:00Z")]);
  });

  it("continues a resumed bar from history", () => {
    const { agg, add } = collecting();
    const t = Z("2026-05-05T04:00:00Z");
    expect(agg.resume("1d", { t, o: 5, h: 6, l: 4, c: 5.5, v: 1000, n: 10 })).toBe(true);
    add("2026-05-05T15:00:00Z", 7, 10);
    expect(agg.current("1d")?.bar).toEqual({ t, o: 5, h: 7, l: 4, c: 7, v: 1010, n: 11 });
    expect(agg.resume("1d", { t, o: 1, h: 1, l: 1, c: 1, v: 1, n: 1 })).toBe(false);
  });
});

describe("dayStats", () => {
  it("measures the day against the previous close", () => {
    expect(dayStats(100, { t: 0, o: 101, h: 104.5, l: 99, c: 103.3, v: 500, n: 9 })).toEqual({
      prevClose: 100,
      dayOpen: 101,
      high: 104.5,
      low: 99,
      volume: 500,
      change: 3.3,
      changePct: 3.3,
    });
  });

  it("before the first trade of the day shows only the previous close", () => {
    expect(dayStats(100, undefined)).toEqual({ prevClose: 100, dayOpen: null, high: null, low: null, volume: 0, change: null, changePct: null });
    expect(dayStats(null, { t: 0, o: 1, h: 1, l: 1, c: 1, v: 1, n: 1 }).change).toBeNull();
  });
});
