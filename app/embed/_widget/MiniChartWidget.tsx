"use client";
/**
 * /embed/mini-chart: price, change and a small live area chart of the chosen range. The chart
 * is a hand-drawn SVG path (lib/widgets/areaPath.ts) over the same bounded series the
 * dashboard's charts use, so it costs a few hundred bytes instead of a chart library.
 */
import { useId, useMemo } from "react";
import { areaPaths } from "../../../lib/widgets/areaPath";
import { formattersFor, trendOf } from "../../../lib/format";
import type { WidgetRange } from "../../../lib/widgets/widgetOptions";
import { CHART_WINDOWS, bucketize, seriesFor } from "../../_components/chart/chartData";
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
  const { state, notice } = useWidgetSymbol(symbol);
  const f = formattersFor(locale);
  const gradientId = useId();
  const history = state?.history;
  const bars = state?.bars;
  const paths = useMemo(() => {
    const windowMs = CHART_WINDOWS[range];
    return areaPaths(bucketize(seriesFor(history ?? [], bars ?? [], windowMs), windowMs, MAX_POINTS), WIDTH, HEIGHT);
  }, [history, bars, range]);
  const trend = trendOf(state?.change);

  return (
    <section className="tw-chart" aria-label={`${symbol} over the last ${range}`} data-trend={trend} data-stale={notice !== null || undefined}>
      <header className="tw-head">
        <span className="tw-symbol">{symbol}</span>
        <span className="tw-price">{f.price(state?.last)}</span>
        <span className="tw-change">{f.percent(state?.percent)}</span>
      </header>
      <div className="tw-chart__plot">
        {paths ? (
          <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${symbol} price, last ${range}`}>
            <defs>
              <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
                <stop offset="0" stopColor="currentColor" stopOpacity="0.28" />
                <stop offset="1" stopColor="currentColor" stopOpacity="0" />
              </linearGradient>
            </defs>
            <path d={paths.area} fill={`url(#${gradientId})`} />
            <path d={paths.line} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
          </svg>
        ) : (
          <p className="tw-chart__empty">{notice ?? "Waiting for trades…"}</p>
        )}
      </div>
      <footer className="tw-foot">
        <span>{range}</span>
        {notice && paths && <span className="tw-notice">{notice}</span>}
      </footer>
    </section>
  );
}
