import { describe, expect, it } from "vitest";
import { heatColour, tileWeights } from "./heatScale";

const lightness = (pct: number) => Number(/(\d+)%\)$/.exec(heatColour(pct).background)![1]);
const hue = (pct: number) => Number(/^hsl\((\d+) /.exec(heatColour(pct).background)![1]);

describe("heatmap colour scale", () => {
  it("is green for a rise, red for a fall and grey when flat or unknown", () => {
    expect(hue(1)).toBe(145);
    expect(hue(-1)).toBe(0);
    expect(heatColour(0)).toEqual(heatColour(null));
    expect(heatColour(Number.NaN)).toEqual(heatColour(undefined));
  });

  it("deepens with the size of the move and saturates at ±3 %", () => {
    expect(lightness(0.5)).toBeGreaterThan(lightness(1.5));
    expect(lightness(1.5)).toBeGreaterThan(lightness(3));
    expect(lightness(3)).toBe(lightness(12));
    expect(lightness(-2)).toBe(lightness(2));
  });
});

describe("tile weights by volume", () => {
  it("scales by the square root, with a floor of one", () => {
    expect(tileWeights([100, 25, 0])).toEqual([6, 3, 1]);
    expect(tileWeights([0, 0])).toEqual([1, 1]);
  });
});
