import { describe, expect, it } from "vitest";
import { parseBarsPage, parseQuote, parseQuotes } from "./feedHttp";

describe("parseBarsPage", () => {
  it("keeps the bar fields of valid bars and drops malformed ones", () => {
    const parsed = parseBarsPage({
      symbol: "AAPL",
      interval: "1d",
      bars: [{ t: 1, o: 2, h: 3, l: 1, c: 2, v: 10, n: 1 }, { t: 2, o: "x" }, { t: 3, o: 2, h: 3, l: 1, c: 2, v: 10, n: 1, partial: true }],
      next: null,
    });
    expect(parsed).toEqual({
      ok: true,
      value: { symbol: "AAPL", interval: "1d", next: null, bars: [{ t: 1, o: 2, h: 3, l: 1, c: 2, v: 10, n: 1 }, { t: 3, o: 2, h: 3, l: 1, c: 2, v: 10, n: 1 }] },
    });
  });

  it("refuses answers that are not bars", () => {
    expect(parseBarsPage(null).ok).toBe(false);
    expect(parseBarsPage({ symbol: "AAPL", interval: "2m", bars: [] }).ok).toBe(false);
    expect(parseBarsPage({ error: "UNKNOWN_SYMBOL" }).ok).toBe(false);
  });
});

describe("parseQuote", () => {
  it("reads kind, sector and day stats; relayed symbols fall into Other", () => {
    expect(parseQuote({ symbol: "AAPL", price: 1, kind: "stock", sector: "Technology", prevClose: 2, change: -1, changePct: -50, volume: 9, market: "open" }))
      .toEqual({ symbol: "AAPL", price: 1, kind: "stock", sector: "Technology", prevClose: 2, change: -1, changePct: -50, volume: 9, market: "open" });
    expect(parseQuote({ symbol: "XYZ", price: 1, kind: "crypto", sector: null })).toMatchObject({ kind: "crypto", sector: "Other", change: null, market: null });
  });

  it("drops malformed entries", () => {
    expect(parseQuotes([{ symbol: "bad symbol" }, 5, { symbol: "MSFT" }]).map((q) => q.symbol)).toEqual(["MSFT"]);
    expect(parseQuotes({})).toEqual([]);
  });
});
