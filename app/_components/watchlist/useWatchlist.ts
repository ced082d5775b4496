"use client";
/**
 * The watchlist lives in app state, mirrored into localStorage and into the URL (?symbols=),
 * so a shared link opens the same view. The URL is updated with history.replaceState:
 * changing the watchlist is not a navigation.
 */
import { useCallback, useEffect, useState } from "react";
import { WATCHLIST_STORAGE_KEY, parseStoredList, withSymbolsParam } from "./watchlistParams";

export interface Watchlist {
  symbols: readonly string[];
  add(symbol: string): void;
  remove(symbol: string): void;
}

function readStored(): string[] | null {
  try {
    return parseStoredList(window.localStorage.getItem(WATCHLIST_STORAGE_KEY));
  } catch {
    return null; // storage blocked
  }
}

function writeStored(symbols: readonly string[]): void {
  try {
    window.localStorage.setItem(WATCHLIST_STORAGE_KEY, JSON.stringify(symbols));
  } catch {
    // Storage blocked or full: the URL still carries the list.
  }
}

/**
 * `initial` comes from the server render: the ?symbols= list when `fromUrl`, else the default.
 * Without a URL list, the stored list replaces the default after mount (not during render, so
 * hydration matches the server's HTML).
 */
export function useWatchlist(initial: readonly string[], fromUrl: boolean): Watchlist {
  const [symbols, setSymbols] = useState<readonly string[]>(initial);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    if (!fromUrl) {
      const stored = readStored();
      if (stored !== null) setSymbols(stored);
    }
    setRestored(true);
  }, [fromUrl]);

  useEffect(() => {
    if (!restored) return;
    writeStored(symbols);
    const search = withSymbolsParam(window.location.search, symbols);
    if (search !== window.location.search) {
      window.history.replaceState(null, "", `${window.location.pathname}${search}${window.location.hash}`);
    }
  }, [symbols, restored]);

  const add = useCallback((symbol: string) => {
    setSymbols((list) => (list.includes(symbol) ? list : [...list, symbol]));
  }, []);
  const remove = useCallback((symbol: string) => {
    setSymbols((list) => list.filter((s) => s !== symbol));
  }, []);

  return { symbols, add, remove };
}
