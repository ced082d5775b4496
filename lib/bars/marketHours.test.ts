import { describe, expect, it } from "vitest";
import { marketState, nextMarketOpen, sessionsBetween } from "./marketHours";

const Z = (iso: string) => Date.parse(iso);

describe("market hours", () => {
  it("stocks trade 09:30 to 16:00 New York on weekdays, in both DST regimes", () => {
    // Friday 6 March 2026 (EST): 14:30Z to 21:00Z.
    expect(marketState("stock", Z("2026-03-06T14:29:59.999Z"), "exchange")).toBe("closed");
    expect(marketState("stock", Z("2026-03-06T14:30:00Z"), "exchange")).toBe("open");
    expect(marketState("stock", Z("2026-03-06T20:59:59Z"), "exchange")).toBe("open");
    expect(marketState("stock", Z("2026-03-06T21:00:00Z"), "exchange")).toBe("closed");
    // Monday 9 March 2026 (EDT, the day after the switch): 13:30Z to 20:00Z.
    expect(marketState("etf", Z("2026-03-09T13:30:00Z"), "exchange")).toBe("open");
    expect(marketState("etf", Z("2026-03-09T20:00:00Z"), "exchange")).toBe("closed");
  });

  it("weekends are closed for stocks, and crypto and 'always' never close", () => {
    const saturdayNoon = Z("2026-03-07T17:00:00Z");
    expect(marketState("stock", saturdayNoon, "exchange")).toBe("closed");
    expect(marketState("crypto", saturdayNoon, "exchange")).toBe("open");
    expect(marketState("stock", saturdayNoon, "always")).toBe("open");
  });

  it("the next open skips the night and the weekend", () => {
    expect(nextMarketOpen("stock", Z("2026-03-06T21:00:00Z"), "exchange")).toBe(Z("2026-03-09T13:30:00Z"));
    expect(nextMarketOpen("stock", Z("2026-03-09T03:00:00Z"), "exchange")).toBe(Z("2026-03-09T13:30:00Z"));
    const open = Z("2026-03-09T15:00:00Z");
    expect(nextMarketOpen("stock", open, "exchange")).toBe(open);
  });

  it("lists the weekday sessions in a span", () => {
    const s = sessionsBetween(Z("2026-03-06T15:00:00Z"), Z("2026-03-10T14:00:00Z"));
    expect(s).toEqual([
      { open: Z("2026-03-06T14:30:00Z"), close: Z("2026-03-06T21:00:00Z") },
      { open: Z("2026-03-09T13:30:00Z"), close: Z("2026-03-09T20:00:00Z") },
      { open: Z("2026-03-10T13:30:00Z"), close: Z("2026-03-10T20:00:00Z") },
    ]);
  });
});
