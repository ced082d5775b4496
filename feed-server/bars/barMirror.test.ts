/** A NATS edge's bars: copies of the source's (BarBook.mirror), and the tagged BARS messages they come in. */
import { describe, expect, it } from "vitest";
import type { Bar, Interval } from "../../lib/bars/types";
import { parseBarSubject } from "../nats/edgeBars";
import { BarBook } from "./barBook";
import { decodeTaggedBar, encodeTaggedBar } from "./barJson";

const T0 = Date.parse("2027-01-15T15:00:00Z");
const retention = { "1s": 10, "1m": 10, "5m": 10, "15m": 10, "1h": 10, "1d": 10 };
const bar = (t: number, c: number, n = 1): Bar => ({ t, o: 100, h: Math.max(100, c), l: Math.min(100, c), c, v: n * 10, n });

function book() {
  const closed: [Interval, Bar, number][] = [];
  const b = new BarBook({ retention, marketHours: "always", onClosed: (_s, interval, bar, seq) => closed.push([interval, bar, seq]) });
  b.addSymbol("AAPL");
  return { b, closed };
}

describe("mirrored bars", () => {
  it("a bar becomes the open bar; the same start replaces it; a later start closes it", () => {
    const { b, closed } = book();
    expect(b.mirror("AAPL", "1m", bar(T0, 101), 5)).toBe(true);
    expect(b.open("AAPL", "1m")).toMatchObject({ bar: bar(T0, 101), seq: 5 });
    expect(b.mirror("AAPL", "1m", bar(T0, 102, 3), 7)).toBe(true);
    expect(b.open("AAPL", "1m")).toMatchObject({ bar: bar(T0, 102, 3), seq: 7 });
    expect(closed).toEqual([]);
    expect(b.mirror("AAPL", "1m", bar(T0 + 60_000, 103), 8)).toBe(true);
    expect(closed).toEqual([["1m", bar(T0, 102, 3), 7]]);
    expect(b.page("AAPL", "1m", { limit: 10 })).toEqual({ bars: [bar(T0, 102, 3), bar(T0 + 60_000, 103)], partial: true, next: null });
    // Resume by tick seq works on mirrored bars as on bars made from ticks.
    expect(b.since("AAPL", "1m", 7).bars.map((x) => x.seq)).toEqual([8]);
  });

  it("ignores older bars, corrects the newest closed one, and keeps intervals apart", () => {
    const { b } = book();
    b.mirror("AAPL", "1m", bar(T0, 101), 1);
    b.mirror("AAPL", "1m", bar(T0 + 60_000, 102), 2);
    expect(b.mirror("AAPL", "1m", bar(T0 - 60_000, 99), 0)).toBe(false);
    // The bar closed on the clock, then its final state arrived: it replaces the closed copy.
    b.closeBefore(T0 + 120_000);
    expect(b.mirror("AAPL", "1m", bar(T0 + 60_000, 104, 2), 3)).toBe(true);
    expect(b.page("AAPL", "1m", { limit: 10 }).bars).toEqual([bar(T0, 101), bar(T0 + 60_000, 104, 2)]);
    // A daily bar closed on the clock does not stop older 1m bars (history arrives series by series).
    const { b: other } = book();
    other.mirror("AAPL", "1d", bar(T0 - 86_400_000 * 3, 90), 0);
    other.closeBefore(T0);
    expect(other.mirror("AAPL", "1m", bar(T0 - 86_400_000 * 4, 80), 0)).toBe(true);
    expect(other.mirror("NOPE", "1m", bar(T0, 1), 0)).toBe(false);
  });

  it("BARS messages carry seq and epoch; plain bars and foreign fields stay readable", () => {
    const tagged = { ...bar(T0, 101), s: 42, e: "ep-1" };
    expect(decodeTaggedBar(encodeTaggedBar(tagged))).toEqual({ bar: bar(T0, 101), tag: { s: 42, e: "ep-1" } });
    expect(decodeTaggedBar(encodeTaggedBar(bar(T0, 101)))).toEqual({ bar: bar(T0, 101) });
    expect(decodeTaggedBar(JSON.stringify({ ...bar(T0, 101), s: -1, e: 3 }))).toEqual({ bar: bar(T0, 101) });
    expect(decodeTaggedBar("{")).toBeUndefined();
    expect(decodeTaggedBar(JSON.stringify({ t: T0 }))).toBeUndefined();
  });

  it("reads symbol and interval from BARS subjects, dotted symbols included", () => {
    expect(parseBarSubject("bars", "bars.AAPL.1m")).toEqual({ symbol: "AAPL", interval: "1m" });
    expect(parseBarSubject("bars", "bars.BRK.B.1d")).toEqual({ symbol: "BRK.B", interval: "1d" });
    expect(parseBarSubject("bars", "bars.AAPL.2m")).toBeUndefined();
    expect(parseBarSubject("bars", "bars.1m")).toBeUndefined();
    expect(parseBarSubject("bars", "ticks.AAPL")).toBeUndefined();
  });
});
