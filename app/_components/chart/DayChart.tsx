"use client";
/**
 * A card's chart of today's session: the minute bars from `/bars` (fetched once per page),
 * extended at the live edge by the minute bars the store builds from ticks with the shared
 * aggregator, with a dashed baseline at the previous close. It redraws at most every 500 ms
 * (a whole session on a card's width; the price text shows every tick), taking its turn in the
 * page's redraw budget, and not at all outside the viewport; the price text beside it follows
 * every frame.
 */
import { useMemo, useRef } from "react";
import { Curve, Line, LineChart, ReferenceLine, XAxis, YAxis, type LineDrawShapeProps } from "recharts";
import type { Bar } from "../../../lib/bars/types";
import { useBars } from "../../_feed/useBars";
import { useInViewport } from "../../_feed/useInViewport";
import { useThrottledSymbol, useWatchSymbol } from "../../_feed/useTicker";
import { RANGES, mergeLive } from "./ranges";

const REFRESH_MS = 500;
const ONE_DAY = RANGES["1D"];
/** A card is about 270 px wide: more points than that only cost path work per redraw. */
const MAX_POINTS = 160;

// Props that never change are module constants, so recharts sees the same objects every redraw.
const MARGIN = { top: 4, right: 0, bottom: 4, left: 0 };
const X_DOMAIN = ["dataMin", "dataMax"] as const;
const RESPONSIVE_STYLE = { width: "100%", height: "100%" };

/**
 * The line without recharts' default shape, which hands the path a ref that Line reads with
 * getTotalLength() on every render (for its draw-in animation, unused here). That read forces
 * a synchronous style and layout of the page in the middle of the frame's chart redraws.
 */
function UnmeasuredLine({ points, type, layout, connectNulls, className, stroke, strokeWidth, clipPath }: LineDrawShapeProps) {
  return (
    <Curve
      points={points}
      type={type}
      layout={layout}
      connectNulls={connectNulls}
      className={className}
      fill="none"
      stroke={stroke}
      strokeWidth={strokeWidth}
      clipPath={clipPath}
    />
  );
}

/** At most `max` closes, each the close of a run of consecutive bars; the newest bar is always last. */
export function thinCloses(bars: readonly Bar[], max: number): { t: number; c: number }[] {
  const step = Math.max(1, Math.ceil(bars.length / max));
  const out: { t: number; c: number }[] = [];
  for (let end = bars.length - 1; end >= 0; end -= step) out.push({ t: bars[end]!.t, c: bars[end]!.c });
  return out.reverse();
}

export interface ChartSize {
  width: number;
  height: number;
}

/** Today's bars: fetched history merged with the live minute bars (closed ones, then the open one). */
export function useDayBars(
  symbol: string,
  active = true,
): { bars: Bar[]; prevClose: number | null; loading: boolean; error: string | null } {
  const { entry } = useBars(symbol, ONE_DAY.interval, ONE_DAY.limit);
  const state = useThrottledSymbol(symbol, REFRESH_MS, { budgeted: true, active });
  const history = entry.status === "ready" ? entry.bars : null;
  const kind = state?.kind ?? "stock";
  const minuteBars = state?.minuteBars;
  const minute = state?.minute;
  const bars = useMemo(() => {
    const live = minute ? [...(minuteBars ?? []), minute] : (minuteBars ?? []);
    return ONE_DAY.keep(mergeLive(history ?? [], live), kind);
  }, [history, minuteBars, minute, kind]);
  return {
    bars,
    prevClose: state?.prevClose ?? null,
    loading: entry.status === "loading",
    error: entry.status === "error" ? entry.message : null,
  };
}

/** Redraws only while in or near the viewport; scrolled back in, it shows the latest bars at once. */
export function DayChart({ symbol, size }: { symbol: string; size?: ChartSize }) {
  useWatchSymbol(symbol);
  const rootRef = useRef<HTMLDivElement>(null);
  const inView = useInViewport(rootRef);
  const { bars, prevClose, loading, error } = useDayBars(symbol, inView);
  const last = bars.at(-1)?.c;
  const down = prevClose !== null && last !== undefined && last < prevClose;
  // One fixed y domain per redraw: recomputed only when this redraw's bars or baseline change.
  const yDomain = useMemo(() => {
    let lo = prevClose ?? Infinity;
    let hi = prevClose ?? -Infinity;
    for (const b of bars) {
      if (b.c < lo) lo = b.c;
      if (b.c > hi) hi = b.c;
    }
    return [lo, hi];
  }, [bars, prevClose]);
  const points = useMemo(() => thinCloses(bars, MAX_POINTS), [bars]);
  const sizing = size ? { width: size.width, height: size.height } : { responsive: true, style: RESPONSIVE_STYLE };

  return (
    <div ref={rootRef} className="day-chart">
      <div
        className="day-chart__plot"
        role="img"
        aria-label={`${symbol} today${prevClose !== null ? `, against the previous close` : ""}`}
        data-points={bars.length}
        data-prev-close={prevClose ?? undefined}
      >
        {bars.length > 1 ? (
          <LineChart {...sizing} data={points} margin={MARGIN}>
            <XAxis dataKey="t" type="number" domain={X_DOMAIN} hide />
            <YAxis type="number" domain={yDomain} hide />
            {prevClose !== null && (
              <ReferenceLine
                y={prevClose}
                className="day-chart__baseline"
                stroke="var(--muted)"
                strokeDasharray="3 3"
                ifOverflow="extendDomain"
              />
            )}
            <Line
              dataKey="c"
              type="linear"
              dot={false}
              isAnimationActive={false}
              shape={UnmeasuredLine}
              stroke={down ? "var(--down)" : "var(--up)"}
              strokeWidth={1.5}
            />
          </LineChart>
        ) : (
          <p className="day-chart__empty">{error !== null ? `Chart unavailable: ${error}` : loading ? "Loading today's chart…" : "No trades today yet."}</p>
        )}
      </div>
    </div>
  );
}
