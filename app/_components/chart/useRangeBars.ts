"use client";
/**
 * The bars of one chart range: the range's series from `/bars` (held by the page's BarCache, so
 * switching back costs nothing) with its newest bar kept live from the store: minute bars built
 * from ticks, rolled up to 5m or 1h with the shared `rollUp`, or today's daily bar.
 */
import { useMemo } from "react";
import { barStart } from "../../../lib/bars/align";
import { rollUp } from "../../../lib/bars/rollUp";
import type { Bar, Interval } from "../../../lib/bars/types";
import type { SymbolState } from "../../../lib/store/symbolState";
import { useBars } from "../../_feed/useBars";
import { RANGES, mergeLive, type RangeName } from "./ranges";

/** Live bars of `interval` from what the store built since the page's snapshot. */
export function liveBarsFor(interval: Interval, state: SymbolState | undefined): readonly Bar[] {
  if (!state) return [];
  if (interval === "1d") return state.dayBar ? [state.dayBar] : [];
  const minutes = state.minute ? [...state.minuteBars, state.minute] : state.minuteBars;
  if (interval === "1m") return minutes;
  return rollUp(minutes, interval, state.kind);
}

/**
 * With a `1d` bar subscription (widgets) the store has no minute bars, only today's daily bar:
 * the newest intraday bar of today then follows the day's last price (its volume stays as fetched).
 */
export function followDayClose(history: readonly Bar[], state: SymbolState | undefined): readonly Bar[] {
  const last = history.at(-1);
  const day = state?.dayBar;
  if (!last || !day || barStart("1d", last.t, state.kind) !== day.t) return [];
  return [{ ...last, c: day.c, h: Math.max(last.h, day.c), l: Math.min(last.l, day.c) }];
}

export interface RangeBars {
  bars: Bar[];
  status: "loading" | "ready" | "error";
  error: string | null;
  retry(): void;
}

export function useRangeBars(symbol: string, range: RangeName, state: SymbolState | undefined): RangeBars {
  const spec = RANGES[range];
  const { entry, retry } = useBars(symbol, spec.interval, spec.limit);
  const history = entry.status === "ready" ? entry.bars : null;
  const kind = state?.kind ?? "stock";
  const live = useMemo(() => {
    const fromStore = liveBarsFor(spec.interval, state);
    return fromStore.length > 0 || history === null ? fromStore : followDayClose(history, state);
  }, [spec.interval, state, history]);
  const bars = useMemo(() => (history ? spec.keep(mergeLive(history, live), kind) : []), [history, live, spec, kind]);
  return { bars, status: entry.status, error: entry.status === "error" ? entry.message : null, retry };
}
