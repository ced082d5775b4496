import { describe, expect, it } from "vitest";
import type { Bar } from "../bars/types";
import { barPlot } from "./barPlot";

const bar = (o: number, h: number, l: number, c: number, v: number): Bar => ({ t: 0, o, h, l, c, v, n: 1 });

describe("barPlot", () => {
  const bars = [bar(100, 110, 100, 108, 50), bar(108, 109, 90, 95, 100)];
  const box = { width: 200, height: 100, volumeHeight: 20, pad: 0 };

  it("spaces bars evenly and scales prices from the highest high to the lowest low", () => {
    const plot = barPlot(bars, box)!;
    // 110 at y 0, 90 at y 100: closes 108 and 95 at y 10 and 75, x at slot centres 50 and 150.
    expect(plot.line).toBe("M50,10L150,75");
    expect(plot.area).toBe("M50,10L150,75L150,100L50,100Z");
    expect(plot.candles.map((c) => c.up)).toEqual([true, false]);
    expect(plot.candles[1]!.wick).toEqual({ x: 150, y1: 5, y2: 100 });
  });

  it("draws volume in the strip below, the largest filling it", () => {
    const plot = barPlot(bars, box)!;
    expect(plot.volumes.map((v) => [v.y, v.height, v.up])).toEqual([
      [110, 10, true],
      [100, 20, false],
    ]);
  });

  it("keeps the previous-close baseline inside the scale", () => {
    const plot = barPlot(bars, box, 80)!;
    expect(plot.baselineY).toBe(100);
    expect(barPlot([bars[0]!], box)).toBeNull();
  });
});
