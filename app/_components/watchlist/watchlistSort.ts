/**
 * How the watchlist is ordered: by symbol, by day change % (biggest gain first), or in the
 * user's own order (the list itself, rearranged with the move buttons or by dragging). Pure.
 */
export const SORT_MODES = ["manual", "symbol", "change"] as const;
export type SortMode = (typeof SORT_MODES)[number];

export const SORT_STORAGE_KEY = "tickwire-watchlist-sort";

export function isSortMode(value: unknown): value is SortMode {
  return typeof value === "string" && (SORT_MODES as readonly string[]).includes(value);
}

/**
 * The symbols in display order. `percentOf` gives a symbol's day change in percent, or null while
 * unknown; unknown ones go last, in list order (the sort is stable).
 */
export function sortSymbols(symbols: readonly string[], mode: SortMode, percentOf: (symbol: string) => number | null): string[] {
  if (mode === "manual") return [...symbols];
  if (mode === "symbol") return [...symbols].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const keyed = symbols.map((symbol) => ({ symbol, pct: percentOf(symbol) }));
  keyed.sort((a, b) => {
    if (a.pct === null || b.pct === null) return a.pct === null ? (b.pct === null ? 0 : 1) : -1;
    return b.pct - a.pct;
  });
  return keyed.map((k) => k.symbol);
}

/** The list with `symbol` moved `by` places (clamped to the ends); the same array when it cannot move. */
export function moveSymbol(symbols: readonly string[], symbol: string, by: number): readonly string[] {
  const from = symbols.indexOf(symbol);
  if (from < 0) return symbols;
  const to = Math.max(0, Math.min(symbols.length - 1, from + by));
  if (to === from) return symbols;
  const out = symbols.filter((s) => s !== symbol);
  out.splice(to, 0, symbol);
  return out;
}

/** The list with `symbol` placed where `target` is (a drop onto another card). */
export function moveBefore(symbols: readonly string[], symbol: string, target: string): readonly string[] {
  const from = symbols.indexOf(symbol);
  const to = symbols.indexOf(target);
  if (from < 0 || to < 0 || from === to) return symbols;
  return moveSymbol(symbols, symbol, to - from);
}

/** `search` with sort=... set (omitted for the default manual order), keeping other parameters. */
export function withSortParam(search: string, mode: SortMode): string {
  const params = new URLSearchParams(search);
  params.delete("sort");
  if (mode !== "manual") params.set("sort", mode);
  const text = params.toString().replace(/%2C/gi, ",");
  return text ? `?${text}` : "";
}
