"use client";
/** /embed/quote: a large last price, the change since the open, and the session's high and low. */
import { formattersFor, trendOf } from "../../../lib/format";
import { useWidgetSymbol } from "./useWidgetSymbol";

export function QuoteWidget({ symbol, locale }: { symbol: string; locale: string | undefined }) {
  const { state, notice } = useWidgetSymbol(symbol);
  const f = formattersFor(locale);
  return (
    <section className="tw-quote" aria-label={`${symbol} quote`} data-trend={trendOf(state?.change)} data-stale={notice !== null || undefined}>
      <header className="tw-head">
        <span className="tw-symbol">{symbol}</span>
        {notice && <span className="tw-notice">{notice}</span>}
      </header>
      <p className="tw-price tw-quote__price" aria-live="off">
        {f.price(state?.last)}
      </p>
      <p className="tw-change">
        {f.change(state?.change)} ({f.percent(state?.percent)})
      </p>
      <dl className="tw-range">
        <div>
          <dt>High</dt>
          <dd className="tw-high">{f.price(state?.high)}</dd>
        </div>
        <div>
          <dt>Low</dt>
          <dd className="tw-low">{f.price(state?.low)}</dd>
        </div>
      </dl>
    </section>
  );
}
