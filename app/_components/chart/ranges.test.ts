import { describe, expect, it } from "vitest";
import { tradingDayStart } from "../../../lib/bars/tradingDay";
import type { Bar } from "../../../lib/bars/types";
import { RANGES, mergeLive } from "./ranges";

const bar = (t: number, c = 10, v = 1): Bar => ({ t, o: c, h: c, l: c, c, v, n: 1 });

describe("chart ranges", () => {
  it("1D keeps the newest trading day's minute bars, even after the market closed", () => {
    const day = tradingDayStart(Date.UTC(2026, 2, 10, 15), "stock");
    const bars = [bar(day - 60_000), bar(day + 60_000), bar(day + 120_000)];
    expect(RANGES["1D"].keep(bars, "stock").map((b) => b.t)).toEqual([day + 60_000, day + 120_000]);
  });

  it("5D keeps five trading days", () => {
    const bars = Array.from({ length: 8 }, (_, i) => bar(Date.UTC(2026, 2, 2 + i, 15)));
    expect(RANGES["5D"].keep(bars, "stock")).toHaveLength(5);
    expect(RANGES["5D"].keep(bars, "stock")[0]!.t).toBe(Date.UTC(2026, 2, 5, 15));
  });

  it("6M and 1Y share one request and cut by calendar span", () => {
    expect([RANGES["6M"].interval, RANGES["6M"].limit]).toEqual([RANGES["1Y"].interval, RANGES["1Y"].limit]);
    const days = Array.from({ length: 400 }, (_, i) => bar(Date.UTC(2025, 0, 1) + i * 86_400_000));
    expect(RANGES["1Y"].keep(days, "crypto")).toHaveLength(365);
    expect(RANGES["6M"].keep(days, "crypto")).toHaveLength(182);
  });
});

describe("mergeLive", () => {
  it("continues the newest fetched bar and appends newer live bars", () => {
    const history = [bar(1, 10, 5), { t: 2, o: 10, h: 12, l: 9, c: 11, v: 50, n: 5 }];
    const live = [bar(1, 99), { t: 2, o: 11, h: 13, l: 10, c: 12.5, v: 7, n: 2 }, bar(3, 14, 2)];
    expect(mergeLive(history, live)).toEqual([
      bar(1, 10, 5),
      { t: 2, o: 10, h: 13, l: 9, c: 12.5, v: 50, n: 5 },
      bar(3, 14, 2),
    ]);
    expect(history).toHaveLength(2);
  });
});
