import { describe, expect, it } from "vitest";
import { parseSymbols } from "./symbols";
import { canonicalLocale, parseFlag, parseWidgetOptions, readerFor, symbolsOf, type WidgetOptionsResult } from "./widgetOptions";

const read = (params: Record<string, string>) => readerFor(params);

function errorsOf(result: WidgetOptionsResult): string[] {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.options)}`);
  return result.errors;
}

describe("parseSymbols", () => {
  it("trims, upper-cases and de-duplicates", () => {
    expect(parseSymbols(" aapl,MSFT,,AAPL ,btc-usd")).toEqual({ ok: true, symbols: ["AAPL", "MSFT", "BTC-USD"] });
  });

  it("refuses an invalid entry instead of dropping it, and empty or too long lists", () => {
    expect(parseSymbols("AAPL,<script>")).toEqual({ ok: false, error: "“<script>” is not a valid symbol" });
    expect(parseSymbols(" , ")).toEqual({ ok: false, error: "no symbol given" });
    expect(parseSymbols("A,B,C", 2)).toEqual({ ok: false, error: "at most 2 symbols, got 3" });
  });
});

describe("parseWidgetOptions", () => {
  it("parses a ticker tape with defaults for the common options", () => {
    expect(parseWidgetOptions("ticker-tape", read({ symbols: "AAPL,msft,BTC-USD" }))).toEqual({
      ok: true,
      options: { kind: "ticker-tape", symbols: ["AAPL", "MSFT", "BTC-USD"], theme: "light", transparent: false, locale: undefined, id: null },
    });
  });

  it("parses a mini chart with range, theme, transparency, locale and frame id", () => {
    const result = parseWidgetOptions(
      "mini-chart",
      read({ symbol: "aapl", range: "15m", theme: "dark", transparent: "1", locale: "de-de", id: "twab12-3" }),
    );
    expect(result).toEqual({
      ok: true,
      options: { kind: "mini-chart", symbol: "AAPL", range: "15m", theme: "dark", transparent: true, locale: "de-DE", id: "twab12-3" },
    });
  });

  it("defaults the mini chart's range to 5m", () => {
    const result = parseWidgetOptions("mini-chart", read({ symbol: "AAPL" }));
    expect(result.ok && result.options.kind === "mini-chart" && result.options.range).toBe("5m");
  });

  it("takes the first of repeated parameters", () => {
    const result = parseWidgetOptions("quote", readerFor({ symbol: ["MSFT", "AAPL"] }));
    expect(result.ok && symbolsOf(result.options)).toEqual(["MSFT"]);
  });

  it("collects every problem, and keeps the valid common options for the error view", () => {
    const result = parseWidgetOptions("mini-chart", read({ symbol: "AAPL,MSFT", range: "1y", theme: "dark", locale: "not a locale", id: "<x>" }));
    expect(errorsOf(result)).toEqual([
      "locale “not a locale” is not a language tag such as en-US or de-DE",
      "id must be 1 to 64 letters, digits, _ or -",
      "symbol: exactly one symbol expected",
      "range must be one of 1m, 5m, 15m, 1D, 5D, 1M, got “1y”",
    ]);
    expect(!result.ok && result.common.theme).toBe("dark");
  });

  it("requires the symbol(s) of each widget", () => {
    expect(errorsOf(parseWidgetOptions("quote", read({})))).toEqual(["symbol is required, e.g. symbol=AAPL"]);
    expect(errorsOf(parseWidgetOptions("ticker-tape", read({ symbol: "AAPL" })))).toEqual([
      "symbols is required, e.g. symbols=AAPL,MSFT",
    ]);
    expect(errorsOf(parseWidgetOptions("ticker-tape", read({ symbols: "AAPL,no way" })))).toEqual([
      "symbols: “no way” is not a valid symbol",
    ]);
  });

  it("refuses unknown themes and flags", () => {
    expect(errorsOf(parseWidgetOptions("quote", read({ symbol: "AAPL", theme: "blue", transparent: "yes" })))).toEqual([
      "theme must be light or dark, got “blue”",
      "transparent must be 1 or 0, got “yes”",
    ]);
  });
});

describe("parseFlag and canonicalLocale", () => {
  it("reads flags, a bare attribute meaning on", () => {
    expect([parseFlag(""), parseFlag("1"), parseFlag("TRUE"), parseFlag("0"), parseFlag("false"), parseFlag("2")]).toEqual([
      true,
      true,
      true,
      false,
      false,
      null,
    ]);
  });

  it("canonicalises language tags and refuses malformed ones", () => {
    expect(canonicalLocale("en-us")).toBe("en-US");
    expect(canonicalLocale("de-CH")).toBe("de-CH");
    expect(canonicalLocale("en_US")).toBeNull();
    expect(canonicalLocale("x".repeat(40))).toBeNull();
  });
});
