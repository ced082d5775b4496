"use client";
/**
 * A card's live price line. It re-renders at most every 250 ms (not per tick), taking its turn in
 * the page's redraw budget, and draws at most 120 points; recharts animation is off because every
 * update would restart it.
 */
import { useMemo, useState } from "react";
import { Line, LineChart, XAxis, YAxis } from "recharts";
import { useThrottledSymbol } from "../../_feed/useTicker";
import { CHART_WINDOWS, bucketize, seriesFor, type ChartWindow } from "./chartData";
import { WindowSelector } from "./WindowSelector";

const MAX_POINTS = 120;
const REFRESH_MS = 250;

export function MiniChart({ symbol }: { symbol: string }) {
  const [span, setSpan] = useState<ChartWindow>("5m");
  const state = useThrottledSymbol(symbol, REFRESH_MS, true);
  const history = state?.history;
  const bars = state?.bars;
  const points = useMemo(() => {
    const windowMs = CHART_WINDOWS[span];
    return bucketize(seriesFor(history ?? [], bars ?? [], windowMs), windowMs, MAX_POINTS);
  }, [history, bars, span]);
  const trend = state?.change !== null && state?.change !== undefined && state.change < 0 ? "down" : "up";

  return (
    <div className="mini-chart">
      <div className="mini-chart__plot" role="img" aria-label={`${symbol} price over the last ${span}`}>
        {points.length > 1 ? (
          <LineChart responsive data={points} style={{ width: "100%", height: "100%" }} margin={{ top: 4, right: 0, bottom: 4, left: 0 }}>
            <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} hide />
            <YAxis dataKey="price" type="number" domain={["dataMin", "dataMax"]} hide />
            <Line
              dataKey="price"
              type="linear"
              dot={false}
              isAnimationActive={false}
              stroke={trend === "down" ? "var(--down)" : "var(--up)"}
              strokeWidth={1.5}
            />
          </LineChart>
        ) : (
          <p className="mini-chart__empty">Waiting for trades…</p>
        )}
      </div>
      <WindowSelector value={span} onChange={setSpan} label={`${symbol} chart window`} />
    </div>
  );
}
