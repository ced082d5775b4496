"use client";
/**
 * A widget's view of one symbol: subscribed while mounted, re-rendered at most every
 * `intervalMs` with the latest state (a few updates a second is all a widget needs, and the
 * trailing update means the price shown is always the newest), plus what to say about it.
 */
import type { Interval } from "../../../lib/bars/types";
import { ErrorCodes } from "../../../lib/codes";
import type { SymbolState } from "../../../lib/store/symbolState";
import { useThrottledSymbol, useTicker, useWatchSymbol } from "../../_feed/useTicker";

export const WIDGET_REFRESH_MS = 200;

export interface WidgetSymbol {
  state: SymbolState | undefined;
  /** A short note for the viewer ("Reconnecting…", "Unknown symbol"), or null when all is well. */
  notice: string | null;
}

/** `bars: "1d"`: the conflated daily bars (price and day stats, 4 frames a second at most), not every tick. */
export function useWidgetSymbol(symbol: string, bars?: Interval, intervalMs = WIDGET_REFRESH_MS): WidgetSymbol {
  useWatchSymbol(symbol, bars);
  const state = useThrottledSymbol(symbol, intervalMs);
  const connection = useTicker((s) => s.connection);
  const refused = useTicker((s) => s.lastError?.code === ErrorCodes.UNAUTHORIZED && s.lastError.symbol === symbol);
  return { state, notice: noticeFor(state, connection, refused) };
}

export function noticeFor(state: SymbolState | undefined, connection: string, refused: boolean): string | null {
  if (state?.unknown) return "Unknown symbol";
  if (refused) return "Not available";
  if (state?.sourceStale) return "Stale";
  if (connection === "reconnecting" || connection === "offline") return "Reconnecting…";
  return null;
}
