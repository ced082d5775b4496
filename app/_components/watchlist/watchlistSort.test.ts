import { describe, expect, it } from "vitest";
import { moveBefore, moveSymbol, sortSymbols, withSortParam } from "./watchlistSort";

const pct: Record<string, number | null> = { AAPL: 1.5, MSFT: -2, NVDA: 3, TSLA: null };

describe("watchlist sorting", () => {
  it("sorts by symbol, by change % (unknown last) or keeps the manual order", () => {
    const list = ["TSLA", "MSFT", "AAPL", "NVDA"];
    expect(sortSymbols(list, "manual", (s) => pct[s] ?? null)).toEqual(list);
    expect(sortSymbols(list, "symbol", (s) => pct[s] ?? null)).toEqual(["AAPL", "MSFT", "NVDA", "TSLA"]);
    expect(sortSymbols(list, "change", (s) => pct[s] ?? null)).toEqual(["NVDA", "AAPL", "MSFT", "TSLA"]);
  });

  it("moves a symbol by buttons and by drop, clamped to the ends", () => {
    const list = ["A", "B", "C"];
    expect(moveSymbol(list, "C", -1)).toEqual(["A", "C", "B"]);
    expect(moveSymbol(list, "A", -1)).toBe(list);
    expect(moveSymbol(list, "A", 5)).toEqual(["B", "C", "A"]);
    expect(moveBefore(list, "C", "A")).toEqual(["C", "A", "B"]);
    expect(moveBefore(list, "A", "C")).toEqual(["B", "C", "A"]);
  });

  it("writes the sort into the URL, leaving other parameters", () => {
    expect(withSortParam("?symbols=AAPL,MSFT", "change")).toBe("?symbols=AAPL,MSFT&sort=change");
    expect(withSortParam("?symbols=AAPL&sort=symbol", "manual")).toBe("?symbols=AAPL");
  });
});
