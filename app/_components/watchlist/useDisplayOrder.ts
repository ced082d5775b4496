"use client";
/**
 * The watchlist in display order. Sorting by change % follows the store, re-sorting at most once
 * a second (a list that reorders every frame cannot be read or clicked), and re-renders only
 * when the order actually changes.
 */
import { useEffect, useState } from "react";
import { useFeed } from "../../_feed/FeedProvider";
import { sortSymbols, type SortMode } from "./watchlistSort";

const RESORT_MS = 1_000;

export function useDisplayOrder(symbols: readonly string[], mode: SortMode): readonly string[] {
  const { store } = useFeed();
  const [order, setOrder] = useState<readonly string[]>(symbols);

  useEffect(() => {
    const compute = () => {
      const map = store.getState().symbols;
      const next = sortSymbols(symbols, mode, (s) => map.get(s)?.percent ?? null);
      setOrder((prev) => (prev.length === next.length && prev.every((s, i) => s === next[i]) ? prev : next));
    };
    compute();
    if (mode !== "change") return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe(() => {
      if (timer === null) timer = setTimeout(() => ((timer = null), compute()), RESORT_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, symbols, mode]);

  return order;
}
