/**
 * Strict symbol lists for widgets and feed tokens: unlike the dashboard's lenient watchlist
 * parser, a bad entry is an error to show, not something to drop silently.
 */
import { isValidSymbol } from "../protocol";

/** A ticker tape wider than this is not a widget any more. */
export const MAX_WIDGET_SYMBOLS = 30;

export type SymbolListResult = { ok: true; symbols: string[] } | { ok: false; error: string };

/** "aapl, MSFT,AAPL" → ["AAPL", "MSFT"]: trimmed, upper-cased, de-duplicated, every entry valid. */
export function parseSymbols(raw: string, max: number = MAX_WIDGET_SYMBOLS): SymbolListResult {
  const symbols: string[] = [];
  for (const part of raw.split(",")) {
    const symbol = part.trim().toUpperCase();
    if (symbol === "") continue;
    if (!isValidSymbol(symbol)) return { ok: false, error: `“${clip(part.trim())}” is not a valid symbol` };
    if (!symbols.includes(symbol)) symbols.push(symbol);
  }
  if (symbols.length === 0) return { ok: false, error: "no symbol given" };
  if (symbols.length > max) return { ok: false, error: `at most ${max} symbols, got ${symbols.length}` };
  return { ok: true, symbols };
}

/** Keeps user input short and printable in messages. */
export function clip(value: string, max = 24): string {
  const printable = value.replace(/[^\x20-\x7e]/g, "?");
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}
