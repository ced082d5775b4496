"use client";
/**
 * The watchlist lives in app state, mirrored into localStorage and into the URL (?symbols=),
 * so a shared link opens the same view. The URL is updated with history.replaceState:
 * changing the watchlist is not a navigation.
 */
import { useCallback, useEffect, useState } from "react";
import { WATCHLIST_STORAGE_KEY, parseStoredList, withSymbolsParam } from "./watchlistParams";
import { SORT_STORAGE_KEY, isSortMode, moveBefore, moveSymbol, withSortParam, type SortMode } from "./watchlistSort";

export interface Watchlist {
  /** The list in the user's own (manual) order. */
  symbols: readonly string[];
  add(symbol: string): void;
  remove(symbol: string): void;
  sort: SortMode;
  setSort(mode: SortMode): void;
  /** Moves a symbol in the manual order by `by` places, or onto another symbol's place. */
  move(symbol: string, by: -1 | 1): void;
  moveOnto(symbol: string, target: string): void;
}

function readStoredSort(): SortMode | null {
  try {
    const raw = window.localStorage.getItem(SORT_STORAGE_KEY);
    return isSortMode(raw) ? raw : null;
  } catch {
    return null;
  }
}

function writeStoredSort(mode: SortMode): void {
  try {
    window.localStorage.setItem(SORT_STORAGE_KEY, mode);
  } catch {
    // Storage blocked: the URL still carries the sort.
  }
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
export function useWatchlist(initial: readonly string[], fromUrl: boolean, initialSort: SortMode | null = null): Watchlist {
  const [symbols, setSymbols] = useState<readonly string[]>(initial);
  const [sort, setSort] = useState<SortMode>(initialSort ?? "manual");
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    if (!fromUrl) {
      const stored = readStored();
      if (stored !== null) setSymbols(stored);
    }
    if (initialSort === null) {
      const storedSort = readStoredSort();
      if (storedSort !== null) setSort(storedSort);
    }
    setRestored(true);
  }, [fromUrl, initialSort]);

  useEffect(() => {
    if (!restored) return;
    writeStored(symbols);
    writeStoredSort(sort);
    const search = withSortParam(withSymbolsParam(window.location.search, symbols), sort);
    if (search !== window.location.search) {
      window.history.replaceState(null, "", `${window.location.pathname}${search}${window.location.hash}`);
    }
  }, [symbols, sort, restored]);

  const add = useCallback((symbol: string) => {
    setSymbols((list) => (list.includes(symbol) ? list : [...list, symbol]));
  }, []);
  const remove = useCallback((symbol: string) => {
    setSymbols((list) => list.filter((s) => s !== symbol));
  }, []);

  const move = useCallback((symbol: string, by: -1 | 1) => setSymbols((list) => moveSymbol(list, symbol, by)), []);
  const moveOnto = useCallback((symbol: string, target: string) => setSymbols((list) => moveBefore(list, symbol, target)), []);

  return { symbols, add, remove, sort, setSort, move, moveOnto };
}
