import { describe, expect, it } from "vitest";
import { barEnd, barStart } from "./align";
import { nextTradingDayStart, tradingDate, tradingDayStart, zonedTimeToUtc } from "./tradingDay";

const Z = (iso: string) => Date.parse(iso);

describe("trading day", () => {
  it("a stock's day is the New York date, midnight to midnight", () => {
    // 03:00 UTC on 15 Jan is still 14 Jan in New York (EST, UTC-5).
    expect(tradingDate(Z("2026-01-15T03:00:00Z"), "stock")).toBe("2026-01-14");
    expect(tradingDayStart(Z("2026-01-15T03:00:00Z"), "stock")).toBe(Z("2026-01-14T05:00:00Z"));
    expect(tradingDayStart(Z("2026-07-15T03:00:00Z"), "etf")).toBe(Z("2026-07-14T04:00:00Z"));
  });

  it("a crypto day is the UTC date", () => {
    expect(tradingDayStart(Z("2026-01-15T03:00:00Z"), "crypto")).toBe(Z("2026-01-15T00:00:00Z"));
    expect(nextTradingDayStart(Z("2026-03-08T00:00:00Z"), "crypto")).toBe(Z("2026-03-09T00:00:00Z"));
  });

  it("spring forward: 8 March 2026 in New York lasts 23 hours", () => {
    const start = tradingDayStart(Z("2026-03-08T12:00:00Z"), "stock");
    expect(start).toBe(Z("2026-03-08T05:00:00Z"));
    const next = nextTradingDayStart(start, "stock");
    expect(next).toBe(Z("2026-03-09T04:00:00Z"));
    expect(next - start).toBe(23 * 3_600_000);
    expect(barEnd("1d", start, "stock")).toBe(next);
  });

  it("fall back: 1 November 2026 in New York lasts 25 hours", () => {
    const start = tradingDayStart(Z("2026-11-01T12:00:00Z"), "stock");
    expect(start).toBe(Z("2026-11-01T04:00:00Z"));
    const next = nextTradingDayStart(start, "stock");
    expect(next).toBe(Z("2026-11-02T05:00:00Z"));
    expect(next - start).toBe(25 * 3_600_000);
    // The repeated hour (01:00-02:00 twice) stays on the same date.
    expect(tradingDate(Z("2026-11-01T05:30:00Z"), "stock")).toBe("2026-11-01");
    expect(tradingDate(Z("2026-11-01T06:30:00Z"), "stock")).toBe("2026-11-01");
  });

  it("a tick exactly on midnight opens the new day; one ms before stays in the old", () => {
    const midnight = Z("2026-03-08T05:00:00Z");
    expect(barStart("1d", midnight, "stock")).toBe(midnight);
    expect(barStart("1d", midnight - 1, "stock")).toBe(Z("2026-03-07T05:00:00Z"));
    expect(barStart("1d", Z("2026-03-09T00:00:00Z"), "crypto")).toBe(Z("2026-03-09T00:00:00Z"));
  });

  it("wall times convert to instants on both sides of a switch", () => {
    expect(zonedTimeToUtc(2026, 3, 6, 9, 30, "America/New_York")).toBe(Z("2026-03-06T14:30:00Z"));
    expect(zonedTimeToUtc(2026, 3, 9, 9, 30, "America/New_York")).toBe(Z("2026-03-09T13:30:00Z"));
    expect(zonedTimeToUtc(2026, 10, 30, 16, 0, "America/New_York")).toBe(Z("2026-10-30T20:00:00Z"));
    expect(zonedTimeToUtc(2026, 11, 2, 16, 0, "America/New_York")).toBe(Z("2026-11-02T21:00:00Z"));
  });

  it("intraday bars align to their interval, a boundary tick opening the next bar", () => {
    const t = Z("2026-05-05T14:37:42.500Z");
    expect(barStart("1s", t, "stock")).toBe(Z("2026-05-05T14:37:42Z"));
    expect(barStart("1m", t, "stock")).toBe(Z("2026-05-05T14:37:00Z"));
    expect(barStart("5m", t, "stock")).toBe(Z("2026-05-05T14:35:00Z"));
    expect(barStart("15m", t, "stock")).toBe(Z("2026-05-05T14:30:00Z"));
    expect(barStart("1h", t, "stock")).toBe(Z("2026-05-05T14:00:00Z"));
    expect(barStart("5m", Z("2026-05-05T14:40:00Z"), "stock")).toBe(Z("2026-05-05T14:40:00Z"));
    expect(barEnd("15m", Z("2026-05-05T14:30:00Z"), "stock")).toBe(Z("2026-05-05T14:45:00Z"));
  });
});
