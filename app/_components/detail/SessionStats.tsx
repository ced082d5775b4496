"use client";
/**
 * Key statistics of the symbol's day, from the store's day stats (the same source as the card,
 * the tape and the widgets), plus the 52-week range from the daily bars the page holds.
 */
import { useMemo } from "react";
import type { Bar } from "../../../lib/bars/types";
import { formatChange, formatPercent, formatPrice, formatVolume, trendOf } from "../../../lib/format";
import type { SymbolState } from "../../../lib/store/symbolState";
import { useBars } from "../../_feed/useBars";
import { RANGES, mergeLive } from "../chart/ranges";

const YEAR = RANGES["1Y"];

/** Lowest low and highest high of the last year of daily bars, or null without any. */
export function yearRange(daily: readonly Bar[]): { low: number; high: number } | null {
  if (daily.length === 0) return null;
  let low = Infinity;
  let high = -Infinity;
  for (const b of daily) {
    if (b.l < low) low = b.l;
    if (b.h > high) high = b.h;
  }
  return { low, high };
}

function rangeText(low: number | null | undefined, high: number | null | undefined): string {
  return low == null || high == null ? "—" : `${formatPrice(low)} – ${formatPrice(high)}`;
}

export function SessionStats({ symbol, state }: { symbol: string; state: SymbolState | undefined }) {
  const { entry } = useBars(symbol, YEAR.interval, YEAR.limit);
  const dayBar = state?.dayBar ?? null;
  const kind = state?.kind ?? "stock";
  const year = useMemo(() => {
    if (entry.status !== "ready") return null;
    return yearRange(YEAR.keep(mergeLive(entry.bars, dayBar ? [dayBar] : []), kind));
  }, [entry, dayBar, kind]);
  const day = state?.day;
  const rows: [string, string, string?][] = [
    ["Prev close", formatPrice(state?.prevClose)],
    ["Open", formatPrice(day?.dayOpen)],
    ["Day range", rangeText(day?.low, day?.high)],
    ["52-week range", year ? rangeText(year.low, year.high) : "—"],
    ["Volume", formatVolume(day?.dayOpen == null ? state?.volume : day.volume)],
    ["Last", formatPrice(state?.last)],
    ["Change", `${formatChange(state?.change)} (${formatPercent(state?.percent)})`, trendOf(state?.change)],
    ["Market", state?.market === "closed" ? "Closed" : state?.market === "open" ? "Open" : "—"],
  ];
  return (
    <dl className="stats" aria-label="Session statistics">
      {rows.map(([term, value, trend]) => (
        <div key={term} className="stats__row" data-trend={trend}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
