"use client";
/** Large price line with volume bars (one ComposedChart, volume on its own hidden axis). */
import { useMemo, useState } from "react";
import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { TickPoint } from "../../../lib/protocol";
import { formatPrice, formatTime, formatVolume } from "../../../lib/format";
import { CHART_WINDOWS, bucketize, seriesFor, type ChartWindow } from "../chart/chartData";
import { WindowSelector } from "../chart/WindowSelector";

const MAX_POINTS = 180;

function tooltipValue(value: unknown, name: unknown): [string, string] {
  const n = typeof value === "number" ? value : Number(value);
  return name === "volume" ? [formatVolume(n), "Volume"] : [formatPrice(n), "Price"];
}

export interface DetailChartProps {
  symbol: string;
  history: readonly TickPoint[];
  bars: readonly TickPoint[];
}

export function DetailChart({ symbol, history, bars }: DetailChartProps) {
  const [span, setSpan] = useState<ChartWindow>("5m");
  const points = useMemo(() => {
    const windowMs = CHART_WINDOWS[span];
    return bucketize(seriesFor(history, bars, windowMs), windowMs, MAX_POINTS);
  }, [history, bars, span]);

  return (
    <div className="detail-chart">
      <div className="detail-chart__head">
        <h2 className="detail__subtitle">Price and volume</h2>
        <WindowSelector value={span} onChange={setSpan} label={`${symbol} chart window`} />
      </div>
      <div className="detail-chart__plot" role="img" aria-label={`${symbol} price and volume over the last ${span}`}>
        {points.length > 1 ? (
          <ComposedChart responsive data={points} style={{ width: "100%", height: "100%" }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              domain={["dataMin", "dataMax"]}
              tickFormatter={(t: number) => formatTime(t)}
              stroke="var(--muted)"
              fontSize={12}
              minTickGap={40}
            />
            <YAxis
              yAxisId="price"
              dataKey="price"
              domain={["auto", "auto"]}
              tickFormatter={formatPrice}
              stroke="var(--muted)"
              fontSize={12}
              width={72}
            />
            <YAxis yAxisId="volume" dataKey="volume" orientation="right" hide domain={[0, (max: number) => max * 4]} />
            <Tooltip
              labelFormatter={(t) => formatTime(Number(t))}
              formatter={tooltipValue}
              contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", color: "var(--fg)" }}
            />
            <Bar yAxisId="volume" dataKey="volume" fill="var(--volume)" isAnimationActive={false} />
            <Line yAxisId="price" dataKey="price" type="linear" dot={false} stroke="var(--accent)" strokeWidth={2} isAnimationActive={false} />
          </ComposedChart>
        ) : (
          <p className="mini-chart__empty">Waiting for trades…</p>
        )}
      </div>
    </div>
  );
}
