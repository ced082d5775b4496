/**
 * The watchlist as text: parsing ?symbols= and stored lists, validating what the user types,
 * and writing the list back into a URL. Pure functions, shared by server and client.
 */
import { isValidSymbol } from "../../../lib/protocol";

export const DEFAULT_WATCHLIST: readonly string[] = ["AAPL", "MSFT", "NVDA", "BTC-USD"];

/**
 * More cards than this would exceed what one page should subscribe to. Product requirement:
 * at least 50 (measured by `npm run bench:dashboard`); the feed allows 200 per connection.
 */
export const MAX_WATCHLIST = 50;

export const WATCHLIST_STORAGE_KEY = "tickwire-watchlist";

/** "aapl, MSFT,,bad symbol,AAPL" → ["AAPL", "MSFT"]: upper-cased, valid, unique, capped. */
export function parseSymbolList(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(",")) {
    const symbol = part.trim().toUpperCase();
    if (isValidSymbol(symbol) && !out.includes(symbol)) out.push(symbol);
    if (out.length === MAX_WATCHLIST) break;
  }
  return out;
}

/** Reads a stored list (JSON array of strings); anything else counts as nothing stored. */
export function parseStoredList(raw: string | null): string[] | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) return null;
  return parseSymbolList(value.join(","));
}

/** Returns `search` with symbols=... set, keeping other parameters; commas stay readable. */
export function withSymbolsParam(search: string, symbols: readonly string[]): string {
  const params = new URLSearchParams(search);
  params.delete("symbols");
  const rest = params.toString();
  const list = `symbols=${symbols.map(encodeURIComponent).join(",")}`;
  return `?${rest ? `${rest}&` : ""}${list}`;
}

export type AddCheck = { ok: true; symbol: string } | { ok: false; message: string };

/**
 * Judges what the user typed. `known` is the feed's symbol list; while it is still empty the
 * feed itself is the judge (an unknown symbol then shows up as an unknown card).
 */
export function checkNewSymbol(input: string, watched: readonly string[], known: readonly string[]): AddCheck {
  const symbol = input.trim().toUpperCase();
  if (!symbol) return { ok: false, message: "Type a symbol, e.g. AAPL." };
  if (!isValidSymbol(symbol)) return { ok: false, message: `“${input.trim().slice(0, 24)}” is not a valid symbol.` };
  if (watched.includes(symbol)) return { ok: false, message: `${symbol} is already on your watchlist.` };
  if (known.length > 0 && !known.includes(symbol)) return { ok: false, message: `Unknown symbol ${symbol}: the feed does not offer it.` };
  if (watched.length >= MAX_WATCHLIST) return { ok: false, message: `The watchlist holds at most ${MAX_WATCHLIST} symbols.` };
  return { ok: true, symbol };
}
