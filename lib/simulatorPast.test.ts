import { describe, expect, it } from "vitest";
import { barStart } from "./bars/align";
import { marketState } from "./bars/marketHours";
import { INTERVALS } from "./bars/types";
import { simulatePast } from "./simulatorPast";
import { DEFAULT_UNIVERSE, specFor } from "./universe";

const Z = (iso: string) => Date.parse(iso);
// Wednesday 11 March 2026, 11:15:42 New York (EDT): three days after the spring-forward switch.
const NOW = Z("2026-03-11T15:15:42Z");

describe("simulatePast", () => {
  it("is identical for the same seed within the same minute, and differs across seeds", () => {
    const a = simulatePast({ spec: specFor("AAPL"), seed: 7, now: NOW, ratePerSymbol: 5 });
    const b = simulatePast({ spec: specFor("AAPL"), seed: 7, now: NOW + 10_000, ratePerSymbol: 5 });
    const c = simulatePast({ spec: specFor("AAPL"), seed: 8, now: NOW, ratePerSymbol: 5 });
    expect(b).toEqual(a);
    expect(c.bars["1d"]).not.toEqual(a.bars["1d"]);
  });

  it("gives a stock two years of weekday daily bars and 1m bars for six sessions (five and today's)", () => {
    const past = simulatePast({ spec: specFor("AAPL"), seed: 1, now: NOW, ratePerSymbol: 5 });
    expect(past.asOf).toBe(Z("2026-03-11T15:15:00Z"));
    const days = past.bars["1d"];
    expect(days.length).toBeGreaterThan(500);
    expect(days.length).toBeLessThan(525);
    expect(days[days.length - 1]!.t).toBe(Z("2026-03-11T04:00:00Z"));
    for (const d of days) expect([0, 6]).not.toContain(new Date(d.t + 12 * 3_600_000).getUTCDay());
    const minutes = past.bars["1m"];
    expect(minutes.length).toBe(5 * 390 + 105); // 09:30 to 11:15 today = 105 minutes
    for (const m of minutes) expect(marketState("stock", m.t, "exchange")).toBe("open");
    expect(minutes[minutes.length - 1]!.t).toBe(Z("2026-03-11T15:14:00Z"));
  });

  it("ends today's path at the spec's price, where the live walk starts", () => {
    for (const symbol of ["AAPL", "BTC-USD", "DOGE-USD"]) {
      const past = simulatePast({ spec: specFor(symbol), seed: 3, now: NOW, ratePerSymbol: 5 });
      expect(past.bars["1m"].at(-1)!.c, symbol).toBe(specFor(symbol).price);
      expect(past.bars["1d"].at(-1)!.c, symbol).toBe(specFor(symbol).price);
    }
  });

  it("keeps bars aligned, ordered and internally consistent in every interval", () => {
    const past = simulatePast({ spec: specFor("ETH-USD"), seed: 2, now: NOW, ratePerSymbol: 5 });
    expect(past.bars["1d"].length).toBe(731);
    for (const interval of INTERVALS) {
      const bars = past.bars[interval];
      bars.forEach((b, i) => {
        expect(b.t).toBe(barStart(interval, b.t, "crypto"));
        if (i > 0) expect(b.t).toBeGreaterThan(bars[i - 1]!.t);
        expect(b.h).toBeGreaterThanOrEqual(Math.max(b.o, b.c));
        expect(b.l).toBeLessThanOrEqual(Math.min(b.o, b.c));
        expect(b.n).toBeGreaterThan(0);
      });
    }
    // Today's daily bar is the sum of today's minutes.
    const today = past.bars["1m"].filter((m) => m.t >= Z("2026-03-11T00:00:00Z"));
    const day = past.bars["1d"].at(-1)!;
    expect(day.n).toBe(today.reduce((s, m) => s + m.n, 0));
    expect(day.h).toBe(Math.max(...today.map((m) => m.h)));
  });

  it("backfills the default universe fast enough not to hold up start", () => {
    const started = performance.now();
    let bars = 0;
    for (const spec of DEFAULT_UNIVERSE) {
      const past = simulatePast({ spec, seed: 1, now: NOW, ratePerSymbol: 5 });
      for (const interval of INTERVALS) bars += past.bars[interval].length;
    }
    const ms = performance.now() - started;
    console.log(`backfill of ${DEFAULT_UNIVERSE.length} symbols: ${bars} bars in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(3000); // generous: the machine is shared; typical figure in docs
  });
});
