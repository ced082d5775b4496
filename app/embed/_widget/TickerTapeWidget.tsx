"use client";
/**
 * /embed/ticker-tape: a scrolling tape of last price and day change % (against the previous
 * close), fed by conflated daily bars (`bars:"1d"`), not every tick. Like the dashboard's
 * tape, prices are written straight into the DOM from transient store subscriptions (one write
 * per animation frame at most), so a busy feed never re-renders the tape. The list is drawn
 * twice for a seamless loop; the copy is hidden from assistive technology.
 */
import { useRef, type CSSProperties } from "react";
import { formattersFor, trendOf } from "../../../lib/format";
import { useSymbolListener, useTicker, useWatchSymbol } from "../../_feed/useTicker";

function TapeItem({ symbol, locale }: { symbol: string; locale: string | undefined }) {
  const itemRef = useRef<HTMLLIElement>(null);
  const priceRef = useRef<HTMLSpanElement>(null);
  const percentRef = useRef<HTMLSpanElement>(null);
  useSymbolListener(symbol, (next) => {
    if (!itemRef.current || !priceRef.current || !percentRef.current) return;
    const f = formattersFor(locale);
    itemRef.current.hidden = next?.unknown ?? false;
    itemRef.current.dataset.trend = trendOf(next?.change);
    priceRef.current.textContent = f.price(next?.last);
    percentRef.current.textContent = f.percent(next?.percent);
  });
  return (
    <li ref={itemRef} className="tw-tape__item" data-trend="flat">
      <span className="tw-symbol">{symbol}</span> <span ref={priceRef} className="tw-price" />{" "}
      <span ref={percentRef} className="tw-change" />
    </li>
  );
}

function Watch({ symbol }: { symbol: string }) {
  useWatchSymbol(symbol, "1d");
  return null;
}

export function TickerTapeWidget({ symbols, locale }: { symbols: readonly string[]; locale: string | undefined }) {
  const reconnecting = useTicker((s) => s.connection === "reconnecting" || s.connection === "offline");
  const style = { "--tape-duration": `${Math.max(15, symbols.length * 5)}s` } as CSSProperties;
  return (
    <section className="tw-tape" aria-label="Ticker tape" data-stale={reconnecting || undefined}>
      {symbols.map((s) => (
        <Watch key={s} symbol={s} />
      ))}
      <div className="tw-tape__track" style={style}>
        <ul className="tw-tape__list">
          {symbols.map((s) => (
            <TapeItem key={s} symbol={s} locale={locale} />
          ))}
        </ul>
        <ul className="tw-tape__list" aria-hidden="true">
          {symbols.map((s) => (
            <TapeItem key={s} symbol={s} locale={locale} />
          ))}
        </ul>
      </div>
    </section>
  );
}
