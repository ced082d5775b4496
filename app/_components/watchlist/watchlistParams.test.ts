import { describe, expect, it } from "vitest";
import { MAX_WATCHLIST, checkNewSymbol, parseStoredList, parseSymbolList, withSymbolsParam } from "./watchlistParams";

describe("parseSymbolList", () => {
  it("upper-cases, trims, drops invalid and duplicate symbols", () => {
    expect(parseSymbolList(" aapl,MSFT,,bad symbol,AAPL,btc-usd")).toEqual(["AAPL", "MSFT", "BTC-USD"]);
    expect(parseSymbolList("")).toEqual([]);
  });

  it("caps the list", () => {
    const many = Array.from({ length: MAX_WATCHLIST + 10 }, (_, i) => `S${i}`).join(",");
    expect(parseSymbolList(many)).toHaveLength(MAX_WATCHLIST);
  });
});

describe("parseStoredList", () => {
  it("accepts a JSON array of strings only", () => {
    expect(parseStoredList('["msft","AAPL"]')).toEqual(["MSFT", "AAPL"]);
    expect(parseStoredList("[]")).toEqual([]);
    expect(parseStoredList(null)).toBeNull();
    expect(parseStoredList("{")).toBeNull();
    expect(parseStoredList("[1,2]")).toBeNull();
  });
});

describe("withSymbolsParam", () => {
  it("writes a readable comma list and keeps other parameters", () => {
    expect(withSymbolsParam("", ["AAPL", "MSFT"])).toBe("?symbols=AAPL,MSFT");
    expect(withSymbolsParam("?a=1&symbols=X", ["EUR:USD"])).toBe("?a=1&symbols=EUR%3AUSD");
    expect(withSymbolsParam("", [])).toBe("?symbols=");
  });
});

describe("checkNewSymbol", () => {
  const known = ["AAPL", "MSFT", "TSLA"];
  it("accepts a known symbol in any case", () => {
    expect(checkNewSymbol(" tsla ", ["AAPL"], known)).toEqual({ ok: true, symbol: "TSLA" });
  });

  it("explains invalid, duplicate and unknown symbols", () => {
    expect(checkNewSymbol("no way", [], known)).toMatchObject({ ok: false, message: expect.stringContaining("not a valid symbol") });
    expect(checkNewSymbol("aapl", ["AAPL"], known)).toMatchObject({ ok: false, message: expect.stringContaining("already") });
    expect(checkNewSymbol("ZZZZ", [], known)).toMatchObject({ ok: false, message: expect.stringContaining("Unknown symbol ZZZZ") });
    expect(checkNewSymbol("", [], known).ok).toBe(false);
  });

  it("lets the feed judge while the symbol list is not loaded", () => {
    expect(checkNewSymbol("ZZZZ", [], [])).toEqual({ ok: true, symbol: "ZZZZ" });
  });
});
