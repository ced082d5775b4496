import { describe, expect, it } from "vitest";
import { formatChange, formatPercent, formatPrice, formattersFor, formatVolume, trendOf, zoneLabel, zoneOf } from "./format";

describe("format (dashboard, en-US)", () => {
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
    expect(formatVolume(1_200_000)).toBe("1.2M");
    expect(formatVolume(0.009967)).toBe("0.01");
    expect(formatVolume(1.23456)).toBe("1.2346");
    expect(formatVolume(25_376.4603)).toBe("25.38K");
    expect(formatVolume(1234.5678)).toBe("1,234.57");
  });

  it("names the trend", () => {
    expect(trendOf(1)).toBe("up");
    expect(trendOf(-1)).toBe("down");
    expect(trendOf(0)).toBe("flat");
    expect(trendOf(null)).toBe("flat");
  });
});

describe("formattersFor (widgets, any locale)", () => {
  it("formats like the dashboard in en-US", () => {
    const f = formattersFor("en-US");
    expect([f.price(64_123.456), f.price(0.12345), f.price(null)]).toEqual(["64,123.46", "0.1235", "—"]);
    expect([f.change(1.5), f.change(-0.4), f.change(0)]).toEqual(["+1.50", "\u22120.40", "0.00"]);
    expect([f.percent(2), f.percent(-25), f.percent(Number.NaN)]).toEqual(["+2.00%", "\u221225.00%", "—"]);
  });

  it("uses the locale's separators", () => {
    const de = formattersFor("de-DE");
    expect(de.price(64_123.456)).toBe("64.123,46");
    expect(de.change(-1.5)).toBe("\u22121,50");
    expect(de.percent(0.5)).toBe("+0,50%");
  });

  it("builds each locale's formatters once", () => {
    expect(formattersFor("fr-FR")).toBe(formattersFor("fr-FR"));
  });
});

describe("times in exchange time zones", () => {
  // 2026-07-01 13:30 UTC: 09:30 in New York (EDT, UTC-4).
  const open = Date.UTC(2026, 6, 1, 13, 30);

  it("shows stock times in New York and crypto times in UTC, both labelled", () => {
    const f = formattersFor("en-US");
    expect(f.time(open, zoneOf("stock"))).toBe("09:30:00");
    expect(f.time(open, zoneOf("crypto"))).toBe("13:30:00");
    expect(zoneLabel(zoneOf("etf"))).toBe("New York");
    expect(zoneLabel(zoneOf("crypto"))).toBe("UTC");
  });

  it("follows daylight saving time through Intl", () => {
    const winter = Date.UTC(2026, 0, 5, 14, 30); // 09:30 EST, UTC-5
    expect(formattersFor("en-US").dateTime(winter, "America/New_York", false)).toBe("Jan 5, 09:30");
    expect(formattersFor("en-US").dateTime(winter, "America/New_York", true)).toBe("Jan 5, 2026");
  });
});
