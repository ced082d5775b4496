"use client";
/**
 * The symbol page's chart: candles (or a close line) over a volume chart on the same time axis,
 * ranges 1D (1m bars) to 1Y (daily bars), a crosshair tooltip in the exchange's time zone. The
 * range's bars come from `/bars` once per page; the newest bar follows the live feed. Resizing or
 * a theme change never refetches (the bars are held by the page, not by the chart).
 */
import { useState } from "react";
import { Bar as BarSeries, BarChart, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { Bar } from "../../../lib/bars/types";
import { formatPrice, formattersFor, formatVolume, zoneLabel, zoneOf } from "../../../lib/format";
import type { SymbolState } from "../../../lib/store/symbolState";
import { symbolKind } from "../../../lib/universe";
import { CandleShape } from "../chart/candle";
import { RANGE_NAMES, RANGES, type RangeName } from "../chart/ranges";
import { ToggleGroup } from "../chart/ToggleGroup";
import type { ChartSize } from "../chart/DayChart";
import { useRangeBars } from "../chart/useRangeBars";
import { OhlcTooltip } from "./OhlcTooltip";

export type ChartType = "candles" | "line";
const CHART_TYPES: readonly ChartType[] = ["candles", "line"];
const en = formattersFor("en-US");
const lowHigh = (b: Bar): [number, number] => [b.l, b.h];

export interface PriceChartProps {
  symbol: string;
  state: SymbolState | undefined;
  initialRange?: RangeName;
  /** Fixed pixel size (tests); by default the chart fills its box. */
  size?: ChartSize;
}

export function PriceChart({ symbol, state, initialRange = "1D", size }: PriceChartProps) {
  const [range, setRange] = useState<RangeName>(initialRange);
  const [type, setType] = useState<ChartType>("candles");
  const { bars, status, error, retry } = useRangeBars(symbol, range, state);
  const timeZone = zoneOf(state?.kind ?? symbolKind(symbol));
  const daily = RANGES[range].interval === "1d";
  const tick = (t: number) => (daily ? en.dateTime(t, timeZone, true) : range === "1D" ? en.time(t, timeZone).slice(0, 5) : en.dateTime(t, timeZone, false));
  const price = size ? { width: size.width, height: size.height } : { responsive: true, style: { width: "100%", height: "100%" } };
  const volume = size ? { width: size.width, height: Math.round(size.height / 4) } : { responsive: true, style: { width: "100%", height: "100%" } };
  const syncId = `${symbol}-price-volume`;
  const last = bars.at(-1);

  return (
    <div className="detail-chart">
      <div className="detail-chart__head">
        <h2 className="detail__subtitle">
          Price and volume <span className="detail-chart__zone">Times in {zoneLabel(timeZone)} ({timeZone})</span>
        </h2>
        <ToggleGroup<RangeName> options={RANGE_NAMES} value={range} onChange={setRange} label={`${symbol} chart range`} />
        <ToggleGroup<ChartType> options={CHART_TYPES} value={type} onChange={setType} label={`${symbol} chart type`} names={{ candles: "Candles", line: "Line" }} />
      </div>
      <div
        className="detail-chart__plot"
        role="img"
        aria-label={`${symbol} price and volume, ${range}`}
        data-range={range}
        data-type={type}
        data-bars={bars.length}
        data-last-t={last?.t}
        data-last-c={last?.c}
        data-last-v={last?.v}
      >
        {bars.length > 0 ? (
          <>
            <div className="detail-chart__price">
              <ComposedChart {...price} data={bars} syncId={syncId} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--grid)" vertical={false} />
                <XAxis dataKey="t" type="category" tickFormatter={tick} stroke="var(--muted)" fontSize={12} minTickGap={48} />
                <YAxis
                  yAxisId="price"
                  type="number"
                  domain={["auto", "auto"]}
                  tickFormatter={formatPrice}
                  stroke="var(--muted)"
                  fontSize={12}
                  width={72}
                />
                <Tooltip
                  content={<OhlcTooltip timeZone={timeZone} daily={daily} />}
                  cursor={{ stroke: "var(--muted)", strokeDasharray: "3 3" }}
                  isAnimationActive={false}
                />
                {type === "candles" ? (
                  <BarSeries yAxisId="price" dataKey={lowHigh} shape={<CandleShape />} isAnimationActive={false} />
                ) : (
                  <Line yAxisId="price" dataKey="c" type="linear" dot={false} stroke="var(--accent)" strokeWidth={2} isAnimationActive={false} />
                )}
              </ComposedChart>
            </div>
            <div className="detail-chart__volume">
              <BarChart {...volume} data={bars} syncId={syncId} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                <XAxis dataKey="t" type="category" hide />
                <YAxis type="number" tickFormatter={formatVolume} stroke="var(--muted)" fontSize={11} width={72} tickCount={3} />
                <Tooltip content={() => null} cursor={{ fill: "var(--grid)" }} isAnimationActive={false} />
                <BarSeries dataKey="v" fill="var(--volume)" isAnimationActive={false} />
              </BarChart>
            </div>
          </>
        ) : status === "error" ? (
          <p className="detail-chart__empty" role="alert">
            Could not load the {range} chart: {error}.{" "}
            <button type="button" className="button" onClick={retry}>
              Retry
            </button>
          </p>
        ) : (
          <p className="detail-chart__empty">{status === "loading" ? "Loading chart…" : "No bars in this range yet."}</p>
        )}
      </div>
    </div>
  );
}
