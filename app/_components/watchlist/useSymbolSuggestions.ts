"use client";
/**
 * Symbols to suggest in the "Add symbol" box, with their kind (stock, ETF, crypto): the feed's
 * GET /symbols (fetched once per page), merged with the list in the feed's welcome message.
 */
import { useMemo } from "react";
import type { SymbolKind } from "../../../lib/bars/types";
import { useQuotes } from "../../_feed/useQuotes";
import { useTicker } from "../../_feed/useTicker";

export interface Suggestion {
  symbol: string;
  /** Null for symbols known only from the welcome. */
  kind: SymbolKind | null;
}

export function useSymbolSuggestions(): readonly Suggestion[] {
  const quotes = useQuotes();
  const fromWelcome = useTicker((s) => s.serverSymbols);
  return useMemo(() => {
    const kinds = new Map<string, SymbolKind | null>();
    if (quotes.status === "ready") for (const q of quotes.quotes) kinds.set(q.symbol, q.kind);
    for (const symbol of fromWelcome) if (!kinds.has(symbol)) kinds.set(symbol, null);
    return [...kinds].map(([symbol, kind]) => ({ symbol, kind })).sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
  }, [quotes, fromWelcome]);
}
