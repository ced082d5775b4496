"use client";
/**
 * React bindings for the ticker store. Selectors return single values so components re-render
 * only when that value changes; fast-moving cells use `useSymbolListener` (a transient
 * subscription that writes to the DOM) or `useThrottledSymbol` instead of re-rendering per frame.
 */
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { useStore } from "zustand";
import type { Interval } from "../../lib/bars/types";
import type { SymbolState } from "../../lib/store/symbolState";
import type { TickerState } from "../../lib/store/tickerStore";
import { useFeed } from "./FeedProvider";
import { pageRedrawBudget } from "./redrawBudget";

export function useTicker<T>(selector: (state: TickerState) => T): T {
  return useStore(useFeed().store, selector);
}

/** One value of one symbol, e.g. `useSymbolValue("AAPL", (s) => s?.unknown ?? false)`. */
export function useSymbolValue<T>(symbol: string, pick: (state: SymbolState | undefined) => T): T {
  return useTicker((state) => pick(state.symbols.get(symbol)));
}

/**
 * Subscribes the feed to `symbol` while the calling component is mounted (reference-counted):
 * to every tick, or with `bars` to the conflated bars of that interval (quotes, tapes, overviews).
 */
export function useWatchSymbol(symbol: string, bars?: Interval): void {
  const { client } = useFeed();
  useEffect(() => (client ? client.watch(symbol, bars ? { bars } : {}) : undefined), [client, symbol, bars]);
}

export type SymbolListener = (next: SymbolState | undefined, prev: SymbolState | undefined) => void;

/**
 * Calls `listener` with the symbol's current state on mount and again whenever it changes,
 * without re-rendering the component. The listener may change between renders.
 */
export function useSymbolListener(symbol: string, listener: SymbolListener): void {
  const { store } = useFeed();
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useLayoutEffect(() => {
    let current = store.getState().symbols.get(symbol);
    latest.current(current, undefined);
    return store.subscribe((state) => {
      const next = state.symbols.get(symbol);
      if (next === current) return;
      const prev = current;
      current = next;
      latest.current(next, prev);
    });
  }, [store, symbol]);
}

export interface ThrottleOptions {
  /** Each re-render also waits its turn in the page's redraw budget, so many charts share frames. */
  budgeted?: boolean;
  /**
   * False while nobody can see the result (e.g. a chart outside the viewport): no re-renders at
   * all. Turning true re-renders at once with the latest state, so the view catches up.
   */
  active?: boolean;
}

/**
 * The symbol's state, re-rendering at most once per `intervalMs` (leading and trailing edge).
 * With `budgeted`, each re-render also waits its turn in the page's redraw budget, so many
 * charts share frames instead of piling into one long task; with `active: false`, none at all.
 */
export function useThrottledSymbol(
  symbol: string,
  intervalMs: number,
  { budgeted = false, active = true }: ThrottleOptions = {},
): SymbolState | undefined {
  const { store } = useFeed();
  const [value, setValue] = useState(() => store.getState().symbols.get(symbol));
  useEffect(() => {
    if (!active) return;
    let lastRun = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const budget = budgeted ? pageRedrawBudget() : undefined;
    // flushSync renders inside the budgeted frame, so the budget measures the real work.
    const render = () => flushSync(() => setValue(store.getState().symbols.get(symbol)));
    const publish = () => {
      timer = null;
      lastRun = Date.now();
      if (budget) budget.request(render);
      else setValue(store.getState().symbols.get(symbol));
    };
    // Also the catch-up when the view becomes active again (setValue skips an unchanged state).
    publish();
    let seen = store.getState().symbols.get(symbol);
    const unsubscribe = store.subscribe((state) => {
      const next = state.symbols.get(symbol);
      if (next === seen || timer !== null) return;
      seen = next;
      const wait = lastRun + intervalMs - Date.now();
      if (wait <= 0) publish();
      else timer = setTimeout(publish, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      budget?.cancel(render);
    };
  }, [store, symbol, intervalMs, budgeted, active]);
  return value;
}
