"use client";
/** The bars of one series from the page's BarCache, loading them on first use. */
import { useCallback, useEffect, useSyncExternalStore } from "react";
import type { Interval } from "../../lib/bars/types";
import { BarCache, type BarsEntry } from "./barCache";
import { useFeed } from "./FeedProvider";

const LOADING: BarsEntry = { status: "loading" };

export interface BarsResult {
  entry: BarsEntry;
  /** Loads again after an error (never on a timer). */
  retry(): void;
}

export function useBars(symbol: string, interval: Interval, limit: number): BarsResult {
  const { bars, httpBases } = useFeed();
  const key = BarCache.key(symbol, interval, limit);
  const entry = useSyncExternalStore(
    useCallback((listener) => bars.subscribe(listener), [bars]),
    () => bars.get(key) ?? LOADING,
    () => LOADING,
  );
  useEffect(() => bars.load(httpBases, symbol, interval, limit), [bars, httpBases, symbol, interval, limit]);
  const retry = useCallback(() => bars.load(httpBases, symbol, interval, limit, true), [bars, httpBases, symbol, interval, limit]);
  return { entry, retry };
}
