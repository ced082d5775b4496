/**
 * The feed's HTTP answers as the browser reads them: `/bars/:symbol` and the quotes of
 * `/symbols` and `/quote/:symbol`. Bodies arrive as `unknown` and are narrowed here; anything
 * malformed is dropped (an entry) or refused with a message (a whole answer).
 */
import { isInterval, type Bar, type Interval, type MarketState, type SymbolKind } from "./bars/types";
import { isBar, isValidSymbol } from "./protocol";

export interface BarsPage {
  symbol: string;
  interval: Interval;
  /** Oldest first; the last may be the open bar. */
  bars: Bar[];
  /** `from` of the next page, or null. */
  next: number | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseBarsPage(body: unknown): Parsed<BarsPage> {
  if (!isRecord(body)) return { ok: false, error: "bars answer is not an object" };
  const { symbol, interval, bars, next } = body;
  if (typeof symbol !== "string" || !isInterval(interval) || !Array.isArray(bars)) {
    return { ok: false, error: "bars answer lacks symbol, interval or bars" };
  }
  if (next !== null && next !== undefined && typeof next !== "number") return { ok: false, error: "bars answer has a bad next" };
  // Copy only the bar fields (the open bar also carries `partial`).
  const out: Bar[] = [];
  for (const b of bars as unknown[]) if (isBar(b)) out.push({ t: b.t, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: b.n });
  return { ok: true, value: { symbol, interval, bars: out, next: next ?? null } };
}

/** One symbol's quote: what /symbols lists and /quote answers. */
export interface Quote {
  symbol: string;
  price: number | null;
  kind: SymbolKind;
  /** GICS-style sector, "Index ETF" or "Crypto"; "Other" for symbols outside the built-in universe. */
  sector: string;
  prevClose: number | null;
  change: number | null;
  changePct: number | null;
  volume: number;
  market: MarketState | null;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const KINDS: readonly SymbolKind[] = ["stock", "etf", "crypto"];

export function parseQuote(entry: unknown): Quote | null {
  if (!isRecord(entry) || typeof entry.symbol !== "string" || !isValidSymbol(entry.symbol)) return null;
  const kind = KINDS.find((k) => k === entry.kind) ?? "stock";
  return {
    symbol: entry.symbol,
    price: num(entry.price),
    kind,
    sector: typeof entry.sector === "string" && entry.sector !== "" ? entry.sector : "Other",
    prevClose: num(entry.prevClose),
    change: num(entry.change),
    changePct: num(entry.changePct),
    volume: num(entry.volume) ?? 0,
    market: entry.market === "open" || entry.market === "closed" ? entry.market : null,
  };
}

/** The /symbols list; malformed entries are left out. */
export function parseQuotes(body: unknown): Quote[] {
  if (!Array.isArray(body)) return [];
  const out: Quote[] = [];
  for (const entry of body as unknown[]) {
    const quote = parseQuote(entry);
    if (quote) out.push(quote);
  }
  return out;
}
