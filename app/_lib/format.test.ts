import { describe, expect, it } from "vitest";
import { formatChange, formatPercent, formatPrice, formatVolume, trendOf } from "./format";

describe("format", () => {
  it("formats prices with two decimals, more below 1", () => {
    expect(formatPrice(187.2)).toBe("187.20");
    expect(formatPrice(64_123.456)).toBe("64,123.46");
    expect(formatPrice(0.12345)).toBe("0.1235");
    expect(formatPrice(null)).toBe("—");
  });

  it("signs changes and percents with plus and a true minus", () => {
    expect(formatChange(1.5)).toBe("+1.50");
    expect(formatChange(-0.4)).toBe("\u22120.40");
    expect(formatChange(0)).toBe("0.00");
    expect(formatPercent(2)).toBe("+2.00%");
    expect(formatPercent(-25)).toBe("\u221225.00%");
    expect(formatPercent(null)).toBe("—");
  });

  it("compacts large volumes", () => {
    expect(formatVolume(1234)).toBe("1,234");
    expect(formatVolume(2_500_000)).toBe("2.5M");
    expect(formatVolume(0.009967)).toBe("0.01");
    expect(formatVolume(1.23456)).toBe("1.2346");
  });

  it("names the trend", () => {
    expect(trendOf(1)).toBe("up");
    expect(trendOf(-1)).toBe("down");
    expect(trendOf(0)).toBe("flat");
    expect(trendOf(null)).toBe("flat");
  });
});
