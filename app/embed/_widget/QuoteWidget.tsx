"use client";
/**
 * /embed/quote: a large last price, the day's change against the previous close, the day's high
 * and low, and (with exchange hours) whether the market is open. Fed by the conflated daily bar
 * (`bars:"1d"`), not by every tick: a quote needs no more than a few updates a second.
 */
import { formattersFor, trendOf } from "../../../lib/format";
import { useFeed } from "../../_feed/FeedProvider";
import { useWidgetSymbol } from "./useWidgetSymbol";

export function QuoteWidget({ symbol, locale }: { symbol: string; locale: string | undefined }) {
  const { state, notice } = useWidgetSymbol(symbol, "1d");
  const { marketHours } = useFeed();
  const f = formattersFor(locale);
  const market = marketHours === "exchange" ? (state?.market ?? null) : null;
  return (
    <section className="tw-quote" aria-label={`${symbol} quote`} data-trend={trendOf(state?.change)} data-stale={notice !== null || undefined}>
      <header className="tw-head">
        <span className="tw-symbol">{symbol}</span>
        {market && (
          <span className="tw-market" data-market={market}>
            {market === "open" ? "Market open" : "Market closed"}
          </span>
        )}
        {notice && <span className="tw-notice">{notice}</span>}
      </header>
      <p className="tw-price tw-quote__price" aria-live="off">
        {f.price(state?.last)}
      </p>
      <p className="tw-change">
        {f.change(state?.change)} ({f.percent(state?.percent)}) <span className="tw-muted">today</span>
      </p>
      <dl className="tw-range">
        <div>
          <dt>High</dt>
          <dd className="tw-high">{f.price(state?.day.high)}</dd>
        </div>
        <div>
          <dt>Low</dt>
          <dd className="tw-low">{f.price(state?.day.low)}</dd>
        </div>
        <div>
          <dt>Prev close</dt>
          <dd className="tw-prev">{f.price(state?.prevClose)}</dd>
        </div>
      </dl>
    </section>
  );
}
