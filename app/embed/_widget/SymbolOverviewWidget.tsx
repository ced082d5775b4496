"use client";
/**
 * /embed/symbol-overview: what TradingView calls a Symbol Overview. Price and day change against
 * the previous close, an area or candle chart with range buttons (1D to 1Y, bars from /bars, the
 * newest following the conflated daily bar), and volume below. Subscribes with `bars:"1d"`.
 */
import { useMemo, useState } from "react";
import { formattersFor, trendOf, zoneLabel, zoneOf } from "../../../lib/format";
import { barPlot } from "../../../lib/widgets/barPlot";
import { OVERVIEW_RANGES, type OverviewChart, type OverviewRange } from "../../../lib/widgets/widgetOptions";
import { RANGES } from "../../_components/chart/ranges";
import { useRangeBars } from "../../_components/chart/useRangeBars";
import { useFeed } from "../../_feed/FeedProvider";
import { BarPlotSvg } from "./BarPlotSvg";
import { useWidgetSymbol } from "./useWidgetSymbol";

const WIDTH = 400;
const HEIGHT = 150;
const VOLUME_HEIGHT = 36;

interface SymbolOverviewWidgetProps {
  symbol: string;
  range: OverviewRange;
  chart: OverviewChart;
  locale: string | undefined;
}

export function SymbolOverviewWidget({ symbol, range: initialRange, chart: initialChart, locale }: SymbolOverviewWidgetProps) {
  const { state, notice } = useWidgetSymbol(symbol, "1d");
  const { marketHours } = useFeed();
  const [range, setRange] = useState<OverviewRange>(initialRange);
  const [chart, setChart] = useState<OverviewChart>(initialChart);
  const { bars, status, error } = useRangeBars(symbol, range, state);
  const f = formattersFor(locale);
  const prevClose = range === "1D" ? (state?.prevClose ?? null) : null;
  const plot = useMemo(() => barPlot(bars, { width: WIDTH, height: HEIGHT, volumeHeight: VOLUME_HEIGHT }, prevClose), [bars, prevClose]);
  const last = bars.at(-1);
  const zone = zoneOf(state?.kind ?? "stock");
  const daily = RANGES[range].interval === "1d";
  const market = marketHours === "exchange" ? (state?.market ?? null) : null;

  return (
    <section className="tw-overview" aria-label={`${symbol} overview`} data-trend={trendOf(state?.change)} data-stale={notice !== null || undefined}>
      <header className="tw-head">
        <span className="tw-symbol">{symbol}</span>
        <span className="tw-price tw-overview__price">{f.price(state?.last)}</span>
        <span className="tw-change">
          {f.change(state?.change)} ({f.percent(state?.percent)})
        </span>
        {market && <span className="tw-market">{market === "open" ? "Market open" : "Market closed"}</span>}
        {notice && <span className="tw-notice">{notice}</span>}
      </header>
      <div className="tw-overview__plot" data-range={range} data-bars={bars.length} data-last-c={last?.c}>
        {plot ? (
          <BarPlotSvg plot={plot} width={WIDTH} height={HEIGHT} volumeHeight={VOLUME_HEIGHT} style={chart} label={`${symbol} price and volume, ${range}`} />
        ) : (
          <p className="tw-chart__empty">{status === "error" ? `Chart unavailable: ${error}` : (notice ?? "Loading…")}</p>
        )}
      </div>
      <footer className="tw-foot tw-overview__foot">
        <span className="tw-buttons" role="group" aria-label="Range">
          {OVERVIEW_RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setRange(r)}>
              {r}
            </button>
          ))}
        </span>
        <span className="tw-buttons" role="group" aria-label="Chart style">
          {(["area", "candles"] as const).map((c) => (
            <button key={c} type="button" aria-pressed={c === chart} onClick={() => setChart(c)}>
              {c === "area" ? "Area" : "Candles"}
            </button>
          ))}
        </span>
        <span className="tw-muted">
          Vol {f.volume(state?.day.volume)}
          {last ? ` · ${f.dateTime(last.t, zone, daily)} ${zoneLabel(zone)}` : ""}
        </span>
      </footer>
    </section>
  );
}
