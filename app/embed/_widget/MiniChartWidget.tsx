"use client";
/**
 * /embed/mini-chart: price, day change and a small chart of the chosen range. 1m, 5m and 15m
 * draw the last minutes of ticks; 1D, 5D and 1M draw bars from the feed's /bars (the newest one
 * following the conflated daily bar) with a dashed baseline at the previous close. The chart is
 * hand-drawn SVG (lib/widgets), a few hundred bytes instead of a chart library.
 */
import { useMemo } from "react";
import { formattersFor, trendOf } from "../../../lib/format";
import { areaPaths } from "../../../lib/widgets/areaPath";
import { barPlot } from "../../../lib/widgets/barPlot";
import type { WidgetRange } from "../../../lib/widgets/widgetOptions";
import { CHART_WINDOWS, bucketize, seriesFor, type ChartWindow } from "../../_components/chart/chartData";
import { isRangeName, type RangeName } from "../../_components/chart/ranges";
import { useRangeBars } from "../../_components/chart/useRangeBars";
import type { SymbolState } from "../../../lib/store/symbolState";
import { AreaFill, BarPlotSvg } from "./BarPlotSvg";
import { useWidgetSymbol } from "./useWidgetSymbol";

const WIDTH = 300;
const HEIGHT = 96;
const MAX_POINTS = 120;

interface MiniChartWidgetProps {
  symbol: string;
  range: WidgetRange;
  locale: string | undefined;
}

export function MiniChartWidget({ symbol, range, locale }: MiniChartWidgetProps) {
  const bars = isRangeName(range);
  // Bar ranges need the day's price only: the conflated daily bar, not every tick.
  const { state, notice } = useWidgetSymbol(symbol, bars ? "1d" : undefined);
  const f = formattersFor(locale);
  const trend = trendOf(state?.change);

  return (
    <section className="tw-chart" aria-label={`${symbol} over the last ${range}`} data-trend={trend} data-stale={notice !== null || undefined}>
      <header className="tw-head">
        <span className="tw-symbol">{symbol}</span>
        <span className="tw-price">{f.price(state?.last)}</span>
        <span className="tw-change">{f.percent(state?.percent)}</span>
      </header>
      <div className="tw-chart__plot">
        {isRangeName(range) ? (
          <BarsChart symbol={symbol} range={range} state={state} notice={notice} />
        ) : (
          <TicksChart symbol={symbol} range={range} state={state} notice={notice} />
        )}
      </div>
      <footer className="tw-foot">
        <span>{range}</span>
        {notice && <span className="tw-notice">{notice}</span>}
      </footer>
    </section>
  );
}

interface ChartProps<R> {
  symbol: string;
  range: R;
  state: SymbolState | undefined;
  notice: string | null;
}

function TicksChart({ symbol, range, state, notice }: ChartProps<ChartWindow>) {
  const history = state?.history;
  const secondBars = state?.bars;
  const paths = useMemo(() => {
    const windowMs = CHART_WINDOWS[range];
    return areaPaths(bucketize(seriesFor(history ?? [], secondBars ?? [], windowMs), windowMs, MAX_POINTS), WIDTH, HEIGHT);
  }, [history, secondBars, range]);
  if (!paths) return <p className="tw-chart__empty">{notice ?? "Waiting for trades…"}</p>;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${symbol} price, last ${range}`}>
      <AreaFill area={paths.area} line={paths.line} />
    </svg>
  );
}

function BarsChart({ symbol, range, state, notice }: ChartProps<RangeName>) {
  const { bars, status, error } = useRangeBars(symbol, range, state);
  const prevClose = range === "1D" ? (state?.prevClose ?? null) : null;
  const plot = useMemo(() => barPlot(bars, { width: WIDTH, height: HEIGHT, volumeHeight: 0 }, prevClose), [bars, prevClose]);
  if (!plot) {
    return <p className="tw-chart__empty">{status === "error" ? `Chart unavailable: ${error}` : (notice ?? "Loading…")}</p>;
  }
  return <BarPlotSvg plot={plot} width={WIDTH} height={HEIGHT} volumeHeight={0} style="area" label={`${symbol} price, ${range}`} />;
}
